package nl.tijdig.infrastructure;

import java.util.List;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Turns the embedded servers' own loggers down to warnings. At INFO a Kafka broker alone
 * writes hundreds of lines per start, which buries the application's log in tests and in
 * the local stack. Client-side loggers ({@code org.apache.kafka.clients}) are left alone:
 * they belong to the application.
 */
final class QuietLogging {

	static final List<String> SERVER_LOGGERS = List.of("kafka", "state.change.logger", "org.apache.kafka.server",
			"org.apache.kafka.controller", "org.apache.kafka.raft", "org.apache.kafka.metadata",
			"org.apache.kafka.image", "org.apache.kafka.snapshot", "org.apache.kafka.queue", "org.apache.kafka.storage",
			"org.apache.kafka.coordinator", "org.apache.kafka.security", "org.apache.kafka.common.metrics",
			"io.zonky.test", "com.icegreen.greenmail");

	private QuietLogging() {
	}

	/**
	 * Applies the levels to the logging system that is in place now. Spring Boot
	 * re-initialises logging when an application starts, so the Spring test initializer
	 * calls this again; a Boot application can instead set
	 * {@code logging.level.<name>=warn} for {@link #SERVER_LOGGERS}.
	 */
	static void apply() {
		LoggingSystem system = loggingSystem();
		SERVER_LOGGERS.forEach((name) -> setLevel(system, name, LogLevel.WARN));
	}

	/**
	 * Runs a server's startup with one shared logger turned down, then gives that logger
	 * its level back: it is also the application's.
	 */
	static void whileRunning(String loggerName, Runnable startup) {
		LoggingSystem system = loggingSystem();
		LogLevel previous = configuredLevel(system, loggerName);
		setLevel(system, loggerName, LogLevel.WARN);
		try {
			startup.run();
		}
		finally {
			setLevel(system, loggerName, previous);
		}
	}

	private static LogLevel configuredLevel(LoggingSystem system, String loggerName) {
		try {
			LoggerConfiguration configuration = (system != null) ? system.getLoggerConfiguration(loggerName) : null;
			return (configuration != null) ? configuration.getConfiguredLevel() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static void setLevel(LoggingSystem system, String loggerName, LogLevel level) {
		try {
			if (system != null) {
				system.setLogLevel(loggerName, level);
			}
		}
		catch (RuntimeException ex) {
			// Logging that cannot be adjusted is noisy, not broken.
		}
	}

	private static LoggingSystem loggingSystem() {
		try {
			return LoggingSystem.get(QuietLogging.class.getClassLoader());
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
	}

}

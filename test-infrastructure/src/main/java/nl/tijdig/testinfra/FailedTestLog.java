package nl.tijdig.testinfra;

import java.io.PrintStream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.CyclicBufferAppender;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.slf4j.LoggerFactory;

/**
 * Prints what a failed test logged. The build's test logging
 * ({@code .mvn/test-logging.xml}) shows only warnings on the console and keeps the INFO
 * log of the latest test in memory, in the appender named {@value #APPENDER}; this
 * listener empties it when a test starts and prints it when the test or its class fails.
 * Without that appender (a test run from an IDE with its own logging) it does nothing.
 * Registered for every test JVM through {@code META-INF/services}.
 */
public final class FailedTestLog implements TestExecutionListener {

	static final String APPENDER = "RECENT";

	private static final PrintStream OUT = System.out;

	@Override
	public void executionStarted(TestIdentifier test) {
		CyclicBufferAppender<ILoggingEvent> recent = recent();
		if (recent != null && test.isTest()) {
			recent.reset();
		}
	}

	@Override
	public void executionFinished(TestIdentifier test, TestExecutionResult result) {
		CyclicBufferAppender<ILoggingEvent> recent = recent();
		if (recent == null || result.getStatus() == TestExecutionResult.Status.SUCCESSFUL || recent.getLength() == 0) {
			return;
		}
		PatternLayout layout = new PatternLayout();
		layout.setContext(recent.getContext());
		layout.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n%ex{12}");
		layout.start();
		StringBuilder log = new StringBuilder();
		log.append("---- log of ")
			.append(test.getDisplayName())
			.append(" (")
			.append(result.getStatus())
			.append(") ----\n");
		for (int i = 0; i < recent.getLength(); i++) {
			log.append(layout.doLayout(recent.get(i)));
		}
		log.append("---- end of the log of ").append(test.getDisplayName()).append(" ----");
		OUT.println(log);
		recent.reset();
	}

	@SuppressWarnings("unchecked")
	private static CyclicBufferAppender<ILoggingEvent> recent() {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return null;
		}
		Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
		return (appender instanceof CyclicBufferAppender<?>) ? (CyclicBufferAppender<ILoggingEvent>) appender : null;
	}

}

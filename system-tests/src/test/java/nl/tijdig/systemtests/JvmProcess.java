package nl.tijdig.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Java process of the platform (a service or a broker), whose output goes to a file
 * of its own, and which a test can kill ({@code SIGKILL}), stop politely
 * ({@code SIGTERM}), freeze ({@code SIGSTOP}) and thaw ({@code SIGCONT}) as an operating
 * system or an orchestrator would.
 */
final class JvmProcess {

	private final String name;

	private final List<String> command;

	private final Path logs;

	private final Map<String, String> environment;

	private Process process;

	private Path log;

	private int starts;

	JvmProcess(String name, List<String> command, Path logs) {
		this(name, command, logs, Map.of(), 0);
	}

	/**
	 * @param environment variables set for the process over the test's own (a fake clock
	 * through {@code LD_PRELOAD}, say)
	 */
	JvmProcess(String name, List<String> command, Path logs, Map<String, String> environment) {
		this(name, command, logs, environment, 0);
	}

	private JvmProcess(String name, List<String> command, Path logs, Map<String, String> environment, int starts) {
		this.name = name;
		this.command = List.copyOf(command);
		this.logs = logs;
		this.environment = Map.copyOf(environment);
		this.starts = starts;
	}

	/** The same process, not running, to be started with another command line. */
	synchronized JvmProcess withCommand(List<String> command) {
		if (alive()) {
			throw new IllegalStateException(this.name + " is running");
		}
		return new JvmProcess(this.name, command, this.logs, this.environment, this.starts);
	}

	/**
	 * Starts the process; each start writes a log of its own ({@code name-1.log}, ...).
	 */
	synchronized void start() {
		if (alive()) {
			throw new IllegalStateException(this.name + " is running already");
		}
		this.starts++;
		this.log = this.logs.resolve(this.name + "-" + this.starts + ".log");
		try {
			Files.createDirectories(this.logs);
			ProcessBuilder builder = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectOutput(this.log.toFile());
			builder.environment().putAll(this.environment);
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + this.name, ex);
		}
	}

	/** {@code SIGKILL}: gone at once, nothing flushed, no shutdown hook run. */
	synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			awaitExit(30);
		}
	}

	/**
	 * {@code SIGTERM}, as an orchestrator stops a container; killed if not gone in 30 s.
	 */
	synchronized void stop() {
		if (this.process != null && this.process.isAlive()) {
			signal("CONT");
			this.process.destroy();
			if (!awaitExit(30)) {
				kill();
			}
		}
	}

	/** {@code SIGSTOP}: frozen mid-instruction, its connections open but silent. */
	void pause() {
		signal("STOP");
	}

	/** {@code SIGCONT}: carries on where it was frozen. */
	void resume() {
		signal("CONT");
	}

	synchronized boolean started() {
		return this.process != null;
	}

	synchronized boolean alive() {
		return this.process != null && this.process.isAlive();
	}

	String name() {
		return this.name;
	}

	/** The last lines of the current log, for a failure's message. */
	String tail(int lines) {
		if (this.log == null || !Files.exists(this.log)) {
			return "(no output)";
		}
		try {
			List<String> all = Files.readAllLines(this.log, StandardCharsets.ISO_8859_1);
			return this.log + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(cannot read " + this.log + ": " + ex + ")";
		}
	}

	/**
	 * How many lines of the current log contain the text: what the process said it did,
	 * where nothing else shows it.
	 */
	long linesContaining(String text) {
		if (this.log == null || !Files.exists(this.log)) {
			return 0;
		}
		try (Stream<String> lines = Files.lines(this.log, StandardCharsets.ISO_8859_1)) {
			return lines.filter((line) -> line.contains(text)).count();
		}
		catch (IOException | UncheckedIOException ex) {
			throw new IllegalStateException("Cannot read " + this.log, ex);
		}
	}

	private boolean awaitExit(int seconds) {
		try {
			return this.process.waitFor(seconds, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void signal(String signal) {
		Process current = this.process;
		if (current == null || !current.isAlive()) {
			return;
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(current.pid())).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + current.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot signal " + this.name, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

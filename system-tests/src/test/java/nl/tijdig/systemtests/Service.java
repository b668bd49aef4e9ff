package nl.tijdig.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A service run from its executable jar, as docker-compose and production run it
 * ({@code java -jar <service>-exec.jar}), configured by command-line arguments, on a port
 * that stays the same across its restarts.
 */
final class Service {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final int port;

	private final Path jar;

	private final Path logs;

	private final Supplier<List<String>> arguments;

	private final Map<String, String> environment;

	private JvmProcess process;

	/**
	 * @param arguments the service's arguments, asked for at each start, so that a
	 * restart can run with other settings
	 */
	Service(String name, int port, Path root, Path logs, Supplier<List<String>> arguments) {
		this(name, name, port, root, logs, arguments);
	}

	/**
	 * @param module the module whose executable jar it runs, when a second instance needs
	 * a name of its own
	 */
	Service(String name, String module, int port, Path root, Path logs, Supplier<List<String>> arguments) {
		this(name, module, port, root, logs, arguments, Map.of());
	}

	/**
	 * @param environment variables set for the process over the test's own
	 */
	Service(String name, String module, int port, Path root, Path logs, Supplier<List<String>> arguments,
			Map<String, String> environment) {
		this.name = name;
		this.port = port;
		this.jar = executableJar(root, module);
		this.logs = logs;
		this.arguments = arguments;
		this.environment = environment;
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Starts the process; {@link #awaitUp} waits for it to be ready. */
	synchronized void start() {
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms64m", "-Xmx320m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-Xss512k", "-jar", this.jar.toString(), "--server.port=" + this.port));
		command.addAll(this.arguments.get());
		if (this.process == null) {
			this.process = new JvmProcess(this.name, command, this.logs, this.environment);
		}
		else {
			this.process = this.process.withCommand(command);
		}
		this.process.start();
	}

	/** Waits until {@code /actuator/health} answers 200 (UP). */
	void awaitUp(Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.alive()) {
				throw new IllegalStateException(this.name + " exited while starting\n" + this.process.tail(60));
			}
			if (healthy()) {
				return;
			}
			sleep(250);
		}
		throw new IllegalStateException(this.name + " was not up within " + atMost + "\n" + this.process.tail(60));
	}

	boolean healthy() {
		try {
			HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
				.timeout(Duration.ofSeconds(2))
				.build(), HttpResponse.BodyHandlers.ofString());
			return health.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * What the service's clock says: the {@code Date} header of its answer to a health
	 * check, which its web server stamps from the JVM's own clock (to the second).
	 */
	Instant clock() {
		try {
			HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
				.timeout(Duration.ofSeconds(15))
				.build(), HttpResponse.BodyHandlers.ofString());
			String date = health.headers()
				.firstValue("Date")
				.orElseThrow(() -> new IllegalStateException(this.name + " answered without a Date header"));
			return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(this.name + " did not answer", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/** The body of a GET on the service, or null if it did not answer. */
	String get(String path) {
		try {
			return http
				.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(15)).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * The sum of a meter's series at {@code /actuator/prometheus}, 0 if it has none or
	 * the service did not answer.
	 */
	double metric(String name) {
		return metric(name, new String[0]);
	}

	/**
	 * The sum of those series of a meter that have each of the labels (e.g.
	 * {@code outcome="SENT"}), 0 if it has none or the service did not answer.
	 */
	double metric(String name, String... labels) {
		String page = get("/actuator/prometheus");
		if (page == null) {
			return 0;
		}
		return page.lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter((line) -> Stream.of(labels).allMatch(line.substring(0, line.lastIndexOf(' '))::contains))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	void kill() {
		this.process.kill();
	}

	void stop() {
		if (this.process != null) {
			this.process.stop();
		}
	}

	void pause() {
		this.process.pause();
	}

	void resume() {
		this.process.resume();
	}

	boolean alive() {
		return this.process != null && this.process.alive();
	}

	/** How many lines of the running process's log contain the text. */
	long linesContaining(String text) {
		return (this.process != null) ? this.process.linesContaining(text) : 0;
	}

	String tail(int lines) {
		return (this.process != null) ? this.process.tail(lines) : "(" + this.name + " never started)";
	}

	static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * {@code ../<service>/target/<service>-*-exec.jar}, which the reactor built first.
	 */
	private static Path executableJar(Path root, String service) {
		Path target = root.resolve(service).resolve("target");
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((file) -> {
				String name = file.getFileName().toString();
				return name.startsWith(service + "-") && name.endsWith("-exec.jar");
			})
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No " + service + "-*-exec.jar in " + target
						+ "; build it first: ./mvnw -pl system-tests -am verify"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot look for " + service + "'s jar in " + target, ex);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}

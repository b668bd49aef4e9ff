package nl.tijdig.systemtests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import nl.tijdig.testinfra.EmbeddedPostgresServer;
import nl.tijdig.testinfra.FreePorts;
import nl.tijdig.testinfra.ScriptedSmtpServer;

/**
 * The whole platform as separate processes on this machine: PostgreSQL (a child process
 * of io.zonky.test's binaries), Kafka brokers and the three services each in a JVM of its
 * own, and an SMTP server in the test's JVM that records what it accepts. Started once
 * for all scenarios of a test run, on free ports, and stopped when the JVM exits.
 * <p>
 * The services run with settings that make a fault's effect show within seconds: a
 * notifier lease of 20 s (a killed notifier's messages are taken again after it), short
 * consumer back-off, fan-out batches of 10, and a send rate of 100 a second so that a
 * wave of a few hundred takes seconds to leave.
 */
final class Platform implements AutoCloseable {

	static final Duration START_TIMEOUT = Duration.ofSeconds(150);

	/**
	 * Sending threads of the notifier: at most this many messages are on the wire at
	 * once.
	 */
	static final int SENDING_THREADS = 2;

	private static Platform shared;

	private final Path root;

	private final EmbeddedPostgresServer postgres;

	private final KafkaCluster kafka;

	private final ScriptedSmtpServer smtp;

	private final Service reminderApi;

	private final Service scheduler;

	private final Service notifier;

	private volatile List<String> campaignSettings = List.of("--tijdig.demo.enabled=false");

	private Platform(Path root, int brokers) {
		this.root = root;
		Path target = root.resolve("system-tests").resolve("target").resolve("system-tests");
		Path logs = target.resolve("logs");
		// Every run starts on empty servers with fresh logs.
		TemporaryFiles.deleteRecursively(target.resolve("data"));
		TemporaryFiles.deleteRecursively(logs);
		this.smtp = ScriptedSmtpServer.start();
		// Commits as durable as in production: a hard stop loses nothing committed.
		this.postgres = EmbeddedPostgresServer.startDurable();
		this.kafka = KafkaCluster.start(brokers, target.resolve("data"), logs);
		int apiPort = FreePorts.find();
		this.reminderApi = new Service("reminder-api", apiPort, root, logs, () -> {
			List<String> arguments = new ArrayList<>(common());
			// Hundreds of sign-ups from one address in seconds: a load test, as far as
			// the abuse controls can tell.
			arguments.add("--tijdig.signup.limits.enabled=false");
			arguments.addAll(this.campaignSettings);
			return arguments;
		});
		this.scheduler = new Service("scheduler", FreePorts.find(), root, logs, () -> {
			List<String> arguments = new ArrayList<>(common());
			arguments.add("--tijdig.fanout.batch-size=10");
			return arguments;
		});
		this.notifier = new Service("notifier", FreePorts.find(), root, logs, () -> {
			List<String> arguments = new ArrayList<>(common());
			arguments.addAll(List.of("--spring.mail.host=" + this.smtp.host(), "--spring.mail.port=" + this.smtp.port(),
					"--tijdig.links.base-url=http://127.0.0.1:" + apiPort, "--tijdig.notifier.smtp.tls=NONE",
					"--tijdig.notifier.smtp.concurrency=" + SENDING_THREADS, "--tijdig.notifier.smtp.batch-size=10",
					// A batch lasts at most 10 x 2 s: the lease outlasts it, as it must.
					"--tijdig.notifier.smtp.read-timeout=2s", "--tijdig.notifier.smtp.lease=20s",
					"--tijdig.notifier.smtp.poll-interval=500ms", "--tijdig.notifier.smtp.retry.initial-backoff=1s",
					"--tijdig.notifier.smtp.retry.max-backoff=5s", "--tijdig.notifier.throttle.rate=100",
					"--tijdig.notifier.throttle.burst=20"));
			return arguments;
		});
		startAll(List.of(this.scheduler, this.notifier));
	}

	/** The platform of this test run, started on first use. */
	static synchronized Platform shared() {
		if (shared == null) {
			Path root = Path.of(System.getProperty("tijdig.system-tests.root", "..")).toAbsolutePath().normalize();
			int brokers = Integer.getInteger("tijdig.system-tests.brokers", 1);
			shared = new Platform(root, brokers);
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "platform-shutdown"));
		}
		return shared;
	}

	/** The project's root directory, where {@code docs/} is. */
	Path root() {
		return this.root;
	}

	EmbeddedPostgresServer postgres() {
		return this.postgres;
	}

	KafkaCluster kafka() {
		return this.kafka;
	}

	ScriptedSmtpServer smtp() {
		return this.smtp;
	}

	Service reminderApi() {
		return this.reminderApi;
	}

	Service scheduler() {
		return this.scheduler;
	}

	Service notifier() {
		return this.notifier;
	}

	/**
	 * Restarts reminder-api with a demo campaign of its own (a new slug each time), the
	 * one way to have a campaign whose waves are seconds apart: the console's form counts
	 * in minutes.
	 */
	void restartReminderApiWithCampaign(String slug, Duration deadlineIn, List<Duration> waves) {
		this.reminderApi.stop();
		this.campaignSettings = List.of("--tijdig.demo.enabled=true", "--tijdig.demo.slug=" + slug,
				"--tijdig.demo.deadline-in=" + deadlineIn.toSeconds() + "s", "--tijdig.demo.waves="
						+ waves.stream().map((wave) -> wave.toSeconds() + "s").collect(Collectors.joining(",")));
		this.reminderApi.start();
		this.reminderApi.awaitUp(START_TIMEOUT);
	}

	/**
	 * Starts every service that is not running (one a scenario killed and left dead, say)
	 * and waits until all are up, so that each scenario begins on a whole platform.
	 */
	void ensureRunning() {
		List<Service> dead = new ArrayList<>();
		for (Service service : List.of(this.scheduler, this.notifier)) {
			if (!service.alive()) {
				dead.add(service);
			}
		}
		startAll(dead);
		for (Service service : List.of(this.scheduler, this.notifier)) {
			service.awaitUp(START_TIMEOUT);
		}
	}

	/** The services' logs, for a failure's message. */
	String tails(int lines) {
		return List.of(this.reminderApi, this.scheduler, this.notifier)
			.stream()
			.map((service) -> service.tail(lines))
			.collect(Collectors.joining("\n\n"));
	}

	@Override
	public void close() {
		for (Service service : List.of(this.reminderApi, this.scheduler, this.notifier)) {
			service.stop();
		}
		this.kafka.close();
		this.postgres.close();
		this.smtp.close();
	}

	private List<String> common() {
		// Started as processes, not through test-infrastructure's initializer: the local
		// profile lets them run on the built-in link key, bounce intake and console
		// login, and Actuator stays on each one's own port (no fixed 8090 to collide on).
		return List.of("--spring.profiles.active=local", "--management.server.port=",
				"--spring.kafka.bootstrap-servers=" + this.kafka.bootstrapServers(),
				"--spring.datasource.url=" + this.postgres.jdbcUrl(),
				"--spring.datasource.username=" + this.postgres.username(),
				"--spring.datasource.password=" + this.postgres.password(),
				"--tijdig.topics.replication-factor=" + this.kafka.size(),
				// A listener that failed for want of the database or the broker tries
				// again
				// within seconds.
				"--tijdig.consumer.max-backoff=2s");
	}

	private static void startAll(List<Service> services) {
		services.forEach(Service::start);
		CompletableFuture
			.allOf(services.stream()
				.map((service) -> CompletableFuture.runAsync(() -> service.awaitUp(START_TIMEOUT)))
				.toArray(CompletableFuture[]::new))
			.join();
	}

}

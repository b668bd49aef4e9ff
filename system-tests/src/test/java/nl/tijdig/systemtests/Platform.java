package nl.tijdig.systemtests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import nl.tijdig.infrastructure.EmbeddedPostgresServer;
import nl.tijdig.infrastructure.FreePorts;
import nl.tijdig.testinfra.ScriptedSmtpServer;

/**
 * The whole platform as separate processes on this machine: PostgreSQL (a child process
 * of io.zonky.test's binaries), Kafka brokers and the three services each in a JVM of its
 * own, and an SMTP server in the test's JVM that records what it accepts. Started once
 * for all scenarios of a test run, on free ports, and stopped when the JVM exits; a
 * scenario that needs another number of brokers has a platform of its own, started after
 * the other is closed.
 * <p>
 * The services run with settings that make a fault's effect show within seconds: a
 * notifier lease of 20 s (a killed notifier's messages are taken again after it), short
 * consumer back-off, fan-out batches of 5, a stalled fan-out resumed after 10 s, and a
 * send rate of 100 a second so that a wave of a few hundred takes seconds to leave.
 */
final class Platform implements AutoCloseable {

	static final Duration START_TIMEOUT = Duration.ofSeconds(150);

	/**
	 * Sending threads of the notifier: at most this many messages are on the wire at
	 * once.
	 */
	static final int SENDING_THREADS = 2;

	/**
	 * Subscribers per fan-out transaction: a wave of 100 takes twenty, so that a kill
	 * lands between them even when the machine is so loaded that the test sees the
	 * fan-out's progress late.
	 */
	static final int FAN_OUT_BATCH = 5;

	/**
	 * How long a consumer retries a record that fails for other reasons than missing
	 * infrastructure before it dead-letters it (15 minutes in production): short here, so
	 * that an outage can outlast it within a scenario.
	 */
	static final Duration RETRY_WINDOW = Duration.ofSeconds(20);

	/**
	 * How long the scheduler and the notifier wait for a database connection before the
	 * call fails (30 s by default): a listener learns within seconds that PostgreSQL is
	 * away, rather than after half a minute blocked. reminder-api keeps the default: a
	 * hundred sign-ups at once queue up for its connections on a loaded machine.
	 */
	static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * How long the notifier pauses after a run of policy refusals before it tries the
	 * relay again (5 minutes in production).
	 */
	static final Duration BREAKER_COOL_DOWN = Duration.ofSeconds(5);

	/**
	 * How long a started fan-out must not have moved before a scheduler takes it up again
	 * (30 s in production, looked for every 10 s): a fan-out that a database blip broke
	 * off resumes within seconds, well before the deadline.
	 */
	static final Duration STALLED_AFTER = Duration.ofSeconds(10);

	/**
	 * What Quartz logs (at debug) each time it runs a job, with the job's key: the one
	 * trace of a fire that found nothing left to do.
	 */
	static final String JOB_RUN = "Calling execute on job ";

	private static Platform current;

	/** Platforms started in this JVM: the first clears the logs of an earlier run. */
	private static int started;

	private final Path root;

	private final EmbeddedPostgresServer postgres;

	private final KafkaCluster kafka;

	private final ScriptedSmtpServer smtp;

	private final Service reminderApi;

	private final Service scheduler;

	private final Service notifier;

	private final Service secondScheduler;

	private final Path logs;

	/** Instances beyond the first that scenarios added; stopped with the platform. */
	private final List<Service> extras = new CopyOnWriteArrayList<>();

	private volatile List<String> campaignSettings = List.of("--tijdig.demo.enabled=false");

	private volatile List<String> schedulerSettings = List.of();

	private volatile List<String> notifierSettings = List.of();

	private Platform(Path root, int brokers, boolean first) {
		this.root = root;
		Path target = root.resolve("system-tests").resolve("target").resolve("system-tests");
		// Every platform starts on empty servers; the first of a run with fresh logs, a
		// later one with logs of its own beside the first's.
		TemporaryFiles.deleteRecursively(target.resolve("data"));
		if (first) {
			TemporaryFiles.deleteRecursively(target.resolve("logs"));
		}
		Path logs = first ? target.resolve("logs") : target.resolve("logs").resolve(brokers + "-brokers");
		this.logs = logs;
		this.reminderApi = new Service("reminder-api", FreePorts.find(), root, logs, () -> {
			List<String> arguments = reminderApiArguments();
			arguments.addAll(this.campaignSettings);
			return arguments;
		});
		this.scheduler = new Service("scheduler", FreePorts.find(), root, logs, this::schedulerArguments);
		this.secondScheduler = new Service("scheduler-2", "scheduler", FreePorts.find(), root, logs, () -> {
			List<String> arguments = schedulerArguments();
			// A Quartz cluster of its own on the same tables: its triggers are not the
			// first one's, so both fire the same wave, as a double fire would.
			arguments.add("--spring.quartz.scheduler-name=tijdig-scheduler-2");
			return arguments;
		});
		this.notifier = new Service("notifier", FreePorts.find(), root, logs, this::notifierArguments);
		// Whatever started is stopped when the JVM exits, though a later start fail.
		Runtime.getRuntime().addShutdownHook(new Thread(this::close, "platform-shutdown"));
		this.smtp = ScriptedSmtpServer.start();
		// Commits as durable as in production: a hard stop loses nothing committed.
		this.postgres = EmbeddedPostgresServer.startDurable();
		this.kafka = KafkaCluster.start(brokers, target.resolve("data"), logs);
		startAll(List.of(this.scheduler, this.notifier));
	}

	/**
	 * The platform of this test run, started on first use, with the brokers of
	 * {@code tijdig.system-tests.brokers} (1).
	 */
	static Platform shared() {
		return withBrokers(Integer.getInteger("tijdig.system-tests.brokers", 1));
	}

	/**
	 * The platform of this test run with this many brokers (1 or 3): the one running, if
	 * it has them, else a new one, started after the other is closed.
	 */
	static synchronized Platform withBrokers(int brokers) {
		if (current == null || current.kafka.size() != brokers) {
			if (current != null) {
				current.close();
			}
			Path root = Path.of(System.getProperty("tijdig.system-tests.root", "..")).toAbsolutePath().normalize();
			current = new Platform(root, brokers, started++ == 0);
		}
		return current;
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
	 * A second scheduler instance on the same database (Quartz clustered), not running
	 * unless a scenario starts it.
	 */
	Service secondScheduler() {
		return this.secondScheduler;
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
	 * Starts every server and service that is not running (one a scenario killed and left
	 * dead, a failed scenario's broker or database, say) and waits until all are up, so
	 * that each scenario begins on a whole platform; the scheduler and the notifier with
	 * the scenario's settings over the platform's, restarted if they run with others.
	 * @param schedulerSettings a scenario's own settings for the scheduler
	 * ({@code --name=value}), usually none
	 * @param notifierSettings the same for the notifier
	 */
	void ensureRunning(List<String> schedulerSettings, List<String> notifierSettings) {
		for (int node = 1; node <= this.kafka.size(); node++) {
			if (!this.kafka.alive(node)) {
				this.kafka.startAgain(node);
			}
		}
		if (this.postgres.stopped()) {
			this.postgres.startAgain();
		}
		if (!schedulerSettings.equals(this.schedulerSettings)) {
			this.scheduler.stop();
			this.schedulerSettings = List.copyOf(schedulerSettings);
		}
		if (!notifierSettings.equals(this.notifierSettings)) {
			this.notifier.stop();
			this.notifierSettings = List.copyOf(notifierSettings);
		}
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

	/**
	 * Another reminder-api on the same database and broker, as a load balancer spreads
	 * visitors over instances, with no campaign of its own; not running until started,
	 * stopped with the platform.
	 * @param environment variables for its process (a clock of its own, say)
	 */
	Service addReminderApi(String name, Map<String, String> environment) {
		return add(new Service(name, "reminder-api", FreePorts.find(), this.root, this.logs, () -> {
			List<String> arguments = reminderApiArguments();
			arguments.add("--tijdig.demo.enabled=false");
			return arguments;
		}, environment));
	}

	/**
	 * Another scheduler in the first one's Quartz cluster (the same scheduler name and
	 * tables): Quartz fires each trigger on one of them.
	 */
	Service addScheduler(String name) {
		return add(new Service(name, "scheduler", FreePorts.find(), this.root, this.logs, this::schedulerArguments));
	}

	/** Another notifier in the first one's consumer group, with its settings. */
	Service addNotifier(String name) {
		return add(new Service(name, "notifier", FreePorts.find(), this.root, this.logs, this::notifierArguments));
	}

	private Service add(Service service) {
		this.extras.add(service);
		return service;
	}

	/** The services' logs, for a failure's message. */
	String tails(int lines) {
		List<Service> services = new ArrayList<>(List.of(this.reminderApi, this.scheduler, this.notifier));
		this.extras.stream().filter(Service::alive).forEach(services::add);
		return services.stream().map((service) -> service.tail(lines)).collect(Collectors.joining("\n\n"));
	}

	@Override
	public void close() {
		List<Service> services = new ArrayList<>(
				List.of(this.reminderApi, this.scheduler, this.secondScheduler, this.notifier));
		services.addAll(this.extras);
		for (Service service : services) {
			service.stop();
		}
		for (AutoCloseable server : new AutoCloseable[] { this.kafka, this.postgres, this.smtp }) {
			if (server != null) {
				try {
					server.close();
				}
				catch (Exception ex) {
					// stopping the others matters more
				}
			}
		}
	}

	private List<String> reminderApiArguments() {
		List<String> arguments = new ArrayList<>(common());
		// Hundreds of sign-ups from one address in seconds: a load test, as far as the
		// abuse controls can tell.
		arguments.add("--tijdig.signup.limits.enabled=false");
		return arguments;
	}

	private List<String> notifierArguments() {
		List<String> arguments = new ArrayList<>(common());
		arguments.add(connectionTimeout());
		arguments.addAll(List.of("--spring.mail.host=" + smtp().host(), "--spring.mail.port=" + smtp().port(),
				"--tijdig.links.base-url=" + this.reminderApi.url(), "--tijdig.notifier.smtp.tls=NONE",
				"--tijdig.notifier.smtp.concurrency=" + SENDING_THREADS, "--tijdig.notifier.smtp.batch-size=10",
				// A batch lasts at most 10 x 2 s: the lease outlasts it, as it must.
				"--tijdig.notifier.smtp.read-timeout=2s", "--tijdig.notifier.smtp.lease=20s",
				"--tijdig.notifier.smtp.poll-interval=500ms", "--tijdig.notifier.smtp.retry.initial-backoff=1s",
				"--tijdig.notifier.smtp.retry.max-backoff=5s",
				"--tijdig.notifier.smtp.breaker.cool-down=" + BREAKER_COOL_DOWN.toSeconds() + "s",
				"--tijdig.notifier.throttle.rate=100", "--tijdig.notifier.throttle.burst=20"));
		return overridden(arguments, this.notifierSettings);
	}

	private List<String> schedulerArguments() {
		List<String> arguments = new ArrayList<>(common());
		arguments.addAll(List.of("--tijdig.fanout.batch-size=" + FAN_OUT_BATCH, connectionTimeout(),
				"--tijdig.fanout.resume.stalled-after=" + STALLED_AFTER.toSeconds() + "s",
				"--tijdig.fanout.resume.interval=2s", "--logging.level.org.quartz.core.JobRunShell=debug"));
		return overridden(arguments, this.schedulerSettings);
	}

	/**
	 * The arguments with some replaced: Spring joins the values of an option given twice
	 * with a comma rather than taking the last.
	 */
	private static List<String> overridden(List<String> arguments, List<String> overrides) {
		List<String> result = new ArrayList<>();
		for (String argument : arguments) {
			if (overrides.stream().noneMatch((override) -> name(override).equals(name(argument)))) {
				result.add(argument);
			}
		}
		result.addAll(overrides);
		return result;
	}

	private static String name(String argument) {
		int equals = argument.indexOf('=');
		return (equals < 0) ? argument : argument.substring(0, equals);
	}

	private static String connectionTimeout() {
		return "--spring.datasource.hikari.connection-timeout=" + CONNECTION_TIMEOUT.toMillis();
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
				// again within seconds.
				"--tijdig.consumer.max-backoff=2s",
				"--tijdig.consumer.max-retry-time=" + RETRY_WINDOW.toSeconds() + "s");
	}

	static void startAll(List<Service> services) {
		services.forEach(Service::start);
		CompletableFuture
			.allOf(services.stream()
				.map((service) -> CompletableFuture.runAsync(() -> service.awaitUp(START_TIMEOUT)))
				.toArray(CompletableFuture[]::new))
			.join();
	}

}

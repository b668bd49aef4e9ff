package nl.tijdig.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import nl.tijdig.infrastructure.EmbeddedImapMailbox;
import nl.tijdig.infrastructure.EmbeddedInfrastructure;
import nl.tijdig.infrastructure.EmbeddedPostgresServer;

/**
 * Starts everything, prints where to find it, and stops everything on Ctrl-C: the
 * services first, so they finish their work while the servers they use are still there.
 */
public final class LocalStack {

	/**
	 * The envelope sender of every email (with a tag per message, VERP): whatever is
	 * mailed there lands in the inbox and in the IMAP mailbox the notifier reads its
	 * bounces and complaints from.
	 */
	static final String BOUNCE_ADDRESS = "bounces@tijdig.example";

	private final List<AutoCloseable> running = Collections.synchronizedList(new ArrayList<>());

	private LocalStack() {
	}

	public static void main(String[] args) {
		long started = System.nanoTime();
		LocalStack stack = new LocalStack();
		Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-shutdown"));
		LocalStackPorts ports = LocalStackPorts.fromSystemProperties();
		int bounces = stack.start(ports, args);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		System.out.println(banner(ports, bounces, took));
	}

	/**
	 * @return the port of the bounce mailbox (IMAP)
	 */
	private int start(LocalStackPorts ports, String[] args) {
		EmbeddedInfrastructure infrastructure = keep(EmbeddedInfrastructure
			.start(new EmbeddedInfrastructure.Ports(ports.kafka(), ports.postgres(), ports.smtp(), ports.inbox())));
		EmbeddedImapMailbox bounces = keep(EmbeddedImapMailbox.start(BOUNCE_ADDRESS, UUID.randomUUID().toString()));
		infrastructure.mailServer().forwardTo(BOUNCE_ADDRESS, bounces);
		List<String> settings = new ArrayList<>(
				List.of("--tijdig.demo.enabled=true", "--tijdig.notifier.mail.return-path=" + BOUNCE_ADDRESS,
						"--tijdig.notifier.mail.verp=true", "--tijdig.notifier.bounces.mailbox.host=" + bounces.host(),
						"--tijdig.notifier.bounces.mailbox.port=" + bounces.port(),
						"--tijdig.notifier.bounces.mailbox.ssl=false",
						"--tijdig.notifier.bounces.mailbox.username=" + bounces.username(),
						"--tijdig.notifier.bounces.mailbox.password=" + bounces.password(),
						"--tijdig.notifier.bounces.mailbox.poll-every=10s"));
		settings.addAll(List.of(args));
		keep(Platform.start(infrastructure,
				new Platform.Ports(ports.reminderApi(), ports.scheduler(), ports.notifier()),
				settings.toArray(String[]::new)));
		return bounces.port();
	}

	private <T extends AutoCloseable> T keep(T resource) {
		this.running.add(resource);
		return resource;
	}

	private void stop() {
		List<AutoCloseable> toStop = new ArrayList<>(this.running);
		Collections.reverse(toStop);
		for (AutoCloseable resource : toStop) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				System.err.println("Could not stop " + resource + ": " + ex);
			}
		}
	}

	private static String banner(LocalStackPorts ports, int bounces, Duration took) {
		return """

				Tijdig is running (started in %.1f s). Press Ctrl-C to stop.

				  Sign-up form        http://localhost:%d/
				  Operator console    http://localhost:%d/admin (user admin; its password is in the
				                      log line "No operators configured" above)
				  OpenAPI             http://localhost:%d/v3/api-docs
				  Inbox               http://localhost:%d/
				  Health              http://localhost:%d/actuator/health (reminder-api)
				                      http://localhost:%d/actuator/health (scheduler)
				                      http://localhost:%d/actuator/health (notifier)
				  Kafka               127.0.0.1:%d
				  PostgreSQL          jdbc:postgresql://127.0.0.1:%d/%s (user %s)
				  SMTP                127.0.0.1:%d
				  Bounce mailbox      %s (mail sent there is read by the notifier over IMAP, 127.0.0.1:%d)
				""".formatted(took.toMillis() / 1000.0, ports.reminderApi(), ports.reminderApi(), ports.reminderApi(),
				ports.inbox(), ports.reminderApi(), ports.scheduler(), ports.notifier(), ports.kafka(),
				ports.postgres(), EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USERNAME, ports.smtp(),
				BOUNCE_ADDRESS, bounces);
	}

}

package nl.tijdig.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import nl.tijdig.testinfra.EmbeddedInfrastructure;
import nl.tijdig.testinfra.EmbeddedPostgresServer;

/**
 * Starts everything, prints where to find it, and stops everything on Ctrl-C: the
 * services first, so they finish their work while the servers they use are still there.
 */
public final class LocalStack {

	private final List<AutoCloseable> running = Collections.synchronizedList(new ArrayList<>());

	private LocalStack() {
	}

	public static void main(String[] args) {
		long started = System.nanoTime();
		LocalStack stack = new LocalStack();
		Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-shutdown"));
		LocalStackPorts ports = LocalStackPorts.fromSystemProperties();
		stack.start(ports, args);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		System.out.println(banner(ports, took));
	}

	private void start(LocalStackPorts ports, String[] args) {
		EmbeddedInfrastructure infrastructure = keep(EmbeddedInfrastructure
			.start(new EmbeddedInfrastructure.Ports(ports.kafka(), ports.postgres(), ports.smtp(), ports.inbox())));
		List<String> settings = new ArrayList<>(List.of("--tijdig.demo.enabled=true"));
		settings.addAll(List.of(args));
		keep(Platform.start(infrastructure,
				new Platform.Ports(ports.reminderApi(), ports.scheduler(), ports.notifier()),
				settings.toArray(String[]::new)));
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

	private static String banner(LocalStackPorts ports, Duration took) {
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
				""".formatted(took.toMillis() / 1000.0, ports.reminderApi(), ports.reminderApi(), ports.reminderApi(),
				ports.inbox(), ports.reminderApi(), ports.scheduler(), ports.notifier(), ports.kafka(),
				ports.postgres(), EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USERNAME, ports.smtp());
	}

}

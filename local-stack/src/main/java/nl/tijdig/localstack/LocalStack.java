package nl.tijdig.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import nl.tijdig.api.ReminderApiApplication;
import nl.tijdig.notifier.NotifierApplication;
import nl.tijdig.scheduler.SchedulerApplication;
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
		String links = "--tijdig.links.base-url=http://localhost:" + ports.reminderApi();
		run(ReminderApiApplication.builder(), infrastructure, args, "--server.port=" + ports.reminderApi(),
				"--tijdig.demo.enabled=true", links);
		run(SchedulerApplication.builder(), infrastructure, args, "--server.port=" + ports.scheduler());
		run(NotifierApplication.builder(), infrastructure, args, "--server.port=" + ports.notifier(), links);
	}

	/**
	 * Starts a service on the embedded servers. Its own settings go in as command-line
	 * arguments because those outrank the service's configuration file.
	 */
	private void run(SpringApplicationBuilder service, EmbeddedInfrastructure infrastructure, String[] args,
			String... settings) {
		List<String> arguments = new ArrayList<>(List.of(settings));
		// The services share one logging system, which would label every line with the
		// name
		// of whichever service started first; logger and thread names tell them apart.
		arguments.add("--logging.include-application-name=false");
		arguments.addAll(List.of(args));
		// One shutdown hook for all, so the order of stopping is ours and not the JVM's.
		keep(service.initializers(infrastructure.initializer())
			.registerShutdownHook(false)
			.run(arguments.toArray(String[]::new)));
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

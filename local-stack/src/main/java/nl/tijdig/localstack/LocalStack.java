package nl.tijdig.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import nl.tijdig.api.ReminderApiApplication;
import nl.tijdig.notifier.NotifierApplication;
import nl.tijdig.scheduler.SchedulerApplication;
import nl.tijdig.testinfra.EmbeddedKafka;
import nl.tijdig.testinfra.EmbeddedMailServer;
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
		EmbeddedPostgresServer postgres = keep(EmbeddedPostgresServer.start(ports.postgres()));
		EmbeddedKafka kafka = keep(EmbeddedKafka.start(ports.kafka()));
		EmbeddedMailServer mail = keep(EmbeddedMailServer.start(ports.smtp(), ports.inbox()));
		Map<String, Object> infrastructure = Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
				"spring.datasource.url", postgres.jdbcUrl(), "spring.datasource.username", postgres.username(),
				"spring.datasource.password", postgres.password(), "spring.mail.host", mail.smtpHost(),
				"spring.mail.port", mail.smtpPort());
		run(ReminderApiApplication.builder()
			.properties(infrastructure)
			.properties(Map.of("server.port", ports.reminderApi(), "tijdig.demo.enabled", true, "tijdig.links.base-url",
					"http://localhost:" + ports.reminderApi())),
				args);
		run(SchedulerApplication.builder().properties(infrastructure).properties("server.port=" + ports.scheduler()),
				args);
		run(NotifierApplication.builder()
			.properties(infrastructure)
			.properties(Map.of("server.port", ports.notifier(), "tijdig.links.base-url",
					"http://localhost:" + ports.reminderApi())),
				args);
	}

	private void run(SpringApplicationBuilder service, String[] args) {
		// One shutdown hook for all, so the order of stopping is ours and not the JVM's.
		keep(service.registerShutdownHook(false).run(args));
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
				  OpenAPI             http://localhost:%d/v3/api-docs
				  Inbox               http://localhost:%d/
				  Health              http://localhost:%d/actuator/health (reminder-api)
				                      http://localhost:%d/actuator/health (scheduler)
				                      http://localhost:%d/actuator/health (notifier)
				  Kafka               127.0.0.1:%d
				  PostgreSQL          jdbc:postgresql://127.0.0.1:%d/%s (user %s)
				  SMTP                127.0.0.1:%d
				""".formatted(took.toMillis() / 1000.0, ports.reminderApi(), ports.reminderApi(), ports.inbox(),
				ports.reminderApi(), ports.scheduler(), ports.notifier(), ports.kafka(), ports.postgres(),
				EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USERNAME, ports.smtp());
	}

}

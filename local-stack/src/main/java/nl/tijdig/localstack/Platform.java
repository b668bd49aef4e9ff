package nl.tijdig.localstack;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import nl.tijdig.api.ReminderApiApplication;
import nl.tijdig.notifier.NotifierApplication;
import nl.tijdig.scheduler.SchedulerApplication;
import nl.tijdig.infrastructure.Infrastructure;

/**
 * The three services side by side in this JVM, on one set of servers, each as it starts
 * on its own: its own configuration file, its own schema, talking to the others only over
 * Kafka. The local stack runs it, and so do the system tests.
 */
public final class Platform implements AutoCloseable {

	/**
	 * Spring Security is the console's, but one JVM has one classpath: without these
	 * exclusions the scheduler and the notifier would lock their actuator behind a
	 * generated password, as neither has a login of its own.
	 */
	private static final String NO_SECURITY = "--spring.autoconfigure.exclude="
			+ "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration";

	private final List<ConfigurableApplicationContext> services = new ArrayList<>();

	private final Ports ports;

	private Platform(Infrastructure infrastructure, Ports ports, String[] settings) {
		try {
			int api = run(ReminderApiApplication.builder(), infrastructure, settings,
					"--server.port=" + ports.reminderApi());
			int scheduler = run(SchedulerApplication.builder(), infrastructure, settings,
					"--server.port=" + ports.scheduler(), NO_SECURITY);
			int notifier = run(NotifierApplication.builder(), infrastructure, settings,
					"--server.port=" + ports.notifier(), "--tijdig.links.base-url=http://localhost:" + api,
					NO_SECURITY);
			this.ports = new Ports(api, scheduler, notifier);
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Starts reminder-api, the scheduler and the notifier, in that order.
	 * @param settings command-line arguments for every service, after their own
	 */
	public static Platform start(Infrastructure infrastructure, Ports ports, String... settings) {
		return new Platform(infrastructure, ports, settings);
	}

	/** The ports the services listen on, also those that were any free one. */
	public Ports ports() {
		return this.ports;
	}

	/**
	 * Starts one service. Its own settings go in as command-line arguments because those
	 * outrank the service's configuration file.
	 * @return the port it listens on
	 */
	private int run(SpringApplicationBuilder service, Infrastructure infrastructure, String[] settings, String... own) {
		List<String> arguments = new ArrayList<>(List.of(own));
		// The services share one logging system, which would label every line with
		// the name of whichever service started first; logger and thread names tell
		// them apart.
		arguments.add("--logging.include-application-name=false");
		arguments.addAll(List.of(settings));
		// Whoever started the platform closes it, in its own order.
		ConfigurableApplicationContext context = service.initializers(infrastructure.initializer())
			.registerShutdownHook(false)
			.run(arguments.toArray(String[]::new));
		this.services.add(context);
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/** Stops the services in the reverse order of their start. */
	@Override
	public void close() {
		for (int i = this.services.size() - 1; i >= 0; i--) {
			this.services.get(i).close();
		}
		this.services.clear();
	}

	/**
	 * The HTTP port of each service; 0 for any free one.
	 */
	public record Ports(int reminderApi, int scheduler, int notifier) {

		public static final Ports ANY = new Ports(0, 0, 0);

	}

}

package nl.tijdig.infrastructure;

import java.util.Map;
import java.util.function.Supplier;

import nl.tijdig.events.settings.LocalProfile;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Points a Spring application at the {@link Infrastructure#shared() shared
 * infrastructure}: its {@link Infrastructure#springProperties() properties} take
 * precedence over the application's configuration files (which name the local stack's
 * fixed ports), but a test's own inlined properties
 * ({@code @SpringBootTest(properties = ...)}, {@code @TestPropertySource}) still win, so
 * a test can, say, point the mail sender at a dead port.
 * <p>
 * It also turns on the {@link LocalProfile local} profile: on these servers, which only
 * this machine reaches, a service may run on the built-in link key, an open bounce intake
 * and a generated console password; anywhere else it refuses to start without them. And
 * it keeps Actuator on each service's own port, where a deployment moves it to a port of
 * its own.
 * <p>
 * Used by test-infrastructure's {@code @WithInfrastructure}. An application started by
 * hand (the local stack, a {@code TestXxxApplication} main) adds
 * {@link Infrastructure#initializer()} with {@code SpringApplicationBuilder#initializers}
 * or {@code SpringApplication#addInitializers}.
 */
public class InfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String PROPERTY_SOURCE_NAME = "tijdigInfrastructure";

	static final String LOCAL_ACTUATOR_SOURCE_NAME = "tijdigLocalActuator";

	// TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME
	private static final String INLINED_TEST_PROPERTIES = "Inlined Test Properties";

	private final Supplier<Infrastructure> infrastructure;

	/**
	 * Connects to the {@link Infrastructure#shared() shared infrastructure}, started when
	 * the first context needs it.
	 */
	public InfrastructureInitializer() {
		this(Infrastructure::shared);
	}

	/**
	 * Connects to the given infrastructure, e.g. the local stack's.
	 * @param infrastructure the running servers
	 */
	public InfrastructureInitializer(Infrastructure infrastructure) {
		this(() -> infrastructure);
	}

	private InfrastructureInitializer(Supplier<Infrastructure> infrastructure) {
		this.infrastructure = infrastructure;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Infrastructure infrastructure = this.infrastructure.get();
		// Boot has re-initialised logging by now, resetting the servers' quieter levels.
		QuietLogging.apply();
		context.getEnvironment().addActiveProfile(LocalProfile.NAME);
		MapPropertySource properties = new MapPropertySource(PROPERTY_SOURCE_NAME, infrastructure.springProperties());
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		if (sources.contains(INLINED_TEST_PROPERTIES)) {
			sources.addAfter(INLINED_TEST_PROPERTIES, properties);
		}
		else {
			sources.addFirst(properties);
		}
		// Actuator stays on each service's own port here (empty: the same as
		// server.port):
		// tests and the local stack read health and metrics there, and a fixed management
		// port would collide between the contexts of one JVM. Ahead of a test's own
		// properties, as @SpringBootTest(RANDOM_PORT) puts a random management port there
		// whenever the configuration file names one.
		sources.addFirst(new MapPropertySource(LOCAL_ACTUATOR_SOURCE_NAME, Map.of("management.server.port", "")));
	}

}

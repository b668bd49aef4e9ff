package nl.tijdig.infrastructure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Holds the one {@link Infrastructure} of this JVM. Starting the servers takes seconds,
 * so every test class and every cached Spring context shares them; a shutdown hook stops
 * them when the test run ends.
 */
final class SharedInfrastructure {

	private static Infrastructure instance;

	private static RuntimeException failure;

	/** The names Spring Framework and Spring Boot give their shutdown hook threads. */
	private static final Set<String> SPRING_SHUTDOWN_HOOKS = Set.of("SpringContextShutdownHook",
			"SpringApplicationShutdownHook");

	private SharedInfrastructure() {
	}

	static synchronized Infrastructure get() {
		// A start that failed once fails fast for every later test class, not slowly.
		if (failure != null) {
			throw new IllegalStateException("The shared infrastructure did not start", failure);
		}
		if (instance == null) {
			try {
				Infrastructure started = start(
						System.getProperty(Infrastructure.SELECTION_PROPERTY, Infrastructure.EMBEDDED));
				Runtime.getRuntime()
					.addShutdownHook(new Thread(() -> closeAfterSpring(started), "tijdig-infrastructure-shutdown"));
				instance = started;
			}
			catch (RuntimeException ex) {
				failure = ex;
				throw ex;
			}
		}
		return instance;
	}

	/**
	 * The JVM runs its shutdown hooks side by side. Spring closes the application
	 * contexts of the tests in hooks of its own; stopping the servers under them would
	 * leave them waiting for a database and a broker that are gone, so those hooks finish
	 * first.
	 */
	private static void closeAfterSpring(Infrastructure infrastructure) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (SPRING_SHUTDOWN_HOOKS.contains(thread.getName()) && thread != Thread.currentThread()) {
				try {
					thread.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		infrastructure.close();
	}

	static Infrastructure start(String selection) {
		String name = selection.strip().toLowerCase(Locale.ROOT);
		if (name.isEmpty() || name.equals(Infrastructure.EMBEDDED)) {
			return EmbeddedInfrastructure.start();
		}
		List<String> known = new ArrayList<>(List.of(Infrastructure.EMBEDDED));
		for (Infrastructure.Kind kind : ServiceLoader.load(Infrastructure.Kind.class)) {
			if (kind.name().equals(name)) {
				return kind.start();
			}
			known.add(kind.name());
		}
		String hint = name.equals(Infrastructure.CONTAINERS) ? " (" + Infrastructure.CONTAINERS
				+ " needs test-infrastructure and Testcontainers on the classpath: -Pcontainers)" : "";
		throw new IllegalArgumentException("Unknown " + Infrastructure.SELECTION_PROPERTY + " '" + selection + "': use "
				+ String.join(" or ", known) + hint);
	}

}

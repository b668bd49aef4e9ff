package nl.tijdig.testinfra;

import java.util.Locale;

/**
 * Holds the one {@link Infrastructure} of this JVM. Starting the servers takes seconds,
 * so every test class and every cached Spring context shares them; a shutdown hook stops
 * them when the test run ends.
 */
final class SharedInfrastructure {

	private static Infrastructure instance;

	private static RuntimeException failure;

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
				Runtime.getRuntime().addShutdownHook(new Thread(started::close, "tijdig-infrastructure-shutdown"));
				instance = started;
			}
			catch (RuntimeException ex) {
				failure = ex;
				throw ex;
			}
		}
		return instance;
	}

	static Infrastructure start(String selection) {
		return switch (selection.strip().toLowerCase(Locale.ROOT)) {
			case "", Infrastructure.EMBEDDED -> EmbeddedInfrastructure.start();
			case Infrastructure.CONTAINERS -> ContainerInfrastructure.start();
			default -> throw new IllegalArgumentException("Unknown " + Infrastructure.SELECTION_PROPERTY + " '"
					+ selection + "': use " + Infrastructure.EMBEDDED + " or " + Infrastructure.CONTAINERS);
		};
	}

}

package nl.tijdig.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Working directories of the embedded servers: each run starts empty and leaves nothing
 * behind in the system's temporary directory.
 */
final class TemporaryDirectories {

	private TemporaryDirectories() {
	}

	static Path create(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a temporary directory", ex);
		}
	}

	static void delete(Path directory) {
		if (directory == null || !Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach(TemporaryDirectories::deleteQuietly);
		}
		catch (IOException | UncheckedIOException ex) {
			// A leftover in the temporary directory must not fail a test run.
		}
	}

	private static void deleteQuietly(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			// See delete(Path).
		}
	}

}

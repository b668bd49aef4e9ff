package nl.tijdig.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A process's wall clock set off from the machine's by Debian's libfaketime (package
 * {@code faketime}), loaded before everything else ({@code LD_PRELOAD}): the JVM's
 * {@code Instant.now()} is then really off, as on a machine whose clock drifted. The
 * monotonic clock stays true, so that timeouts and the JIT's timers still run.
 */
final class SkewedClock {

	private static final Path LIBRARIES = Path.of("/usr/lib");

	private SkewedClock() {
	}

	/**
	 * The environment that sets a process's clock {@code skew} off (negative: behind).
	 * @throws IllegalStateException if libfaketime is not installed
	 */
	static Map<String, String> environment(Duration skew) {
		// Without its fix for monotonic clocks going backwards libfaketime costs a JVM
		// almost nothing; with it, a service took 150 s to start instead of 20.
		return Map.of("LD_PRELOAD", library().toString(), "FAKETIME", offset(skew), "FAKETIME_DONT_FAKE_MONOTONIC", "1",
				"FAKETIME_FORCE_MONOTONIC_FIX", "0");
	}

	/** libfaketime's offset notation: {@code -300s}. */
	private static String offset(Duration skew) {
		return ((skew.isNegative()) ? "-" : "+") + skew.abs().toSeconds() + "s";
	}

	private static Path library() {
		try (Stream<Path> files = Files.walk(LIBRARIES, 3)) {
			return files.filter((file) -> file.getFileName().toString().equals("libfaketime.so.1"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"libfaketime.so.1 is not under " + LIBRARIES + ": install it (apt-get install faketime)"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot look for libfaketime under " + LIBRARIES, ex);
		}
	}

}

package nl.tijdig.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a scenario's verdicts into its row of {@code docs/reliability.md} after it ran,
 * keeping the other rows, so that the page always shows the latest run of each scenario.
 */
final class ReliabilityReport {

	private static final String HEADER = """
			# Reliability

			The delivery promise, tried with faults across real processes: every confirmed subscriber
			gets each reminder that was due exactly once, or an operator is told which message is in
			doubt. The `system-tests` module runs reminder-api, the scheduler and the notifier from their
			executable jars, each in its own JVM, on a Kafka broker in its own JVM (three, and more than
			one instance of each service, in the scale-out run), PostgreSQL (a child process) and an SMTP
			server that records every message it accepts; each scenario signs an
			audience up, confirms it through the links in its emails, lets a campaign's wave go out
			within a minute and its goodbye at the deadline, and does harm during the wave. The relay
			misbehaves per recipient, so one run carries many kinds of trouble. See
			`system-tests/README.md`.

			- **expected**: the welcome, each wave and the goodbye, for every confirmed subscriber
			- **captured**: of those, received by the SMTP server (matched by the notifier's stable Message-ID)
			- **lost**: expected, not received and not reported in doubt
			- **duplicated**: copies received beyond the first
			- **in doubt**: not received, and marked `IN_DOUBT` in the notifier's delivery log
			- **withheld**: due, but rightly not sent (unsubscribed, erased, a mailbox the relay said does not exist, or withdrawn by the notifier because the deadline came or the next wave started first), and not received
			- **sent anyway**: to be withheld, and received all the same
			- **log disagrees**: the delivery log says sent and the server has nothing, or the other way round
			- **recovery**: seconds from the fault until the wave it hit had reached everyone

			Regenerate with `./mvnw -pl system-tests -am verify` (every module's tests first), or only the
			scenarios, once the services are built: `./mvnw -pl system-tests verify`.

			| scenario | runs | expected | captured | lost | duplicated | in doubt | withheld | sent anyway | log disagrees | recovery (s) | last run |
			| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
			""";

	private static final int COLUMNS = 12;

	private ReliabilityReport() {
	}

	/** Records a scenario's verdicts, one per run, and renders the page again. */
	static void record(Platform platform, int order, String description, List<Verdict> runs) {
		if (runs.isEmpty()) {
			return;
		}
		int expected = runs.stream().mapToInt(Verdict::expected).sum();
		int captured = runs.stream().mapToInt(Verdict::captured).sum();
		int lost = runs.stream().mapToInt(Verdict::lost).sum();
		int duplicated = runs.stream().mapToInt(Verdict::duplicated).sum();
		int inDoubt = runs.stream().mapToInt(Verdict::inDoubt).sum();
		int withheld = runs.stream().mapToInt(Verdict::withheld).sum();
		int sentAnyway = runs.stream().mapToInt(Verdict::sentAnyway).sum();
		int disagrees = runs.stream().mapToInt(Verdict::logDisagrees).sum();
		double recovery = runs.stream().mapToLong((run) -> run.recovery().toMillis()).max().orElse(0) / 1000.0;
		String row = "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.1f | %s |".formatted(description,
				runs.size(), expected, captured, lost, duplicated, inDoubt, withheld, sentAnyway, disagrees, recovery,
				Instant.now().truncatedTo(ChronoUnit.MINUTES));
		Path page = platform.root().resolve("docs/reliability.md");
		try {
			// The other scenarios keep the rows of their own last run: one scenario run
			// alone
			// replaces only its own.
			List<String> rows = new ArrayList<>(rows(page));
			rows.removeIf((other) -> other.startsWith("| " + description + " |"));
			rows.add(Math.min(Math.max(order - 1, 0), rows.size()), row);
			Files.writeString(page, HEADER + String.join("\n", rows) + "\n\n" + footnote());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the reliability report", ex);
		}
	}

	/**
	 * The scenarios' rows of the page as it is, header and separator left out, and rows
	 * of another shape (an older page's) too.
	 */
	private static List<String> rows(Path page) throws IOException {
		if (!Files.exists(page)) {
			return List.of();
		}
		return Files.readAllLines(page)
			.stream()
			.filter((line) -> line.startsWith("| ") && !line.startsWith("| scenario |") && !line.startsWith("| --- |"))
			.filter((line) -> line.chars().filter((c) -> c == '|').count() == COLUMNS + 1)
			.toList();
	}

	private static String footnote() {
		return """
				Recovery is the longest of the runs; the other columns are sums over the runs. A scenario
				that failed still has its row, with the numbers that made it fail.
				""";
	}

}

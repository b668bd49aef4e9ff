import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints one line per module after its tests: how many ran, failed and were skipped, and how
 * long they took, read from the surefire and failsafe reports. With {@code ./mvnw -q verify}
 * these lines are the build's summary; Maven itself prints only errors then. The root POM
 * runs this in every module's {@code verify} phase with {@code java .mvn/TestSummary.java}.
 *
 * <p>
 * Arguments: the module's name, its build directory, and when the build started (ISO-8601,
 * UTC): reports older than that are left over from an earlier build and not counted.
 */
public class TestSummary {

	private static final Pattern SUITE = Pattern.compile("<testsuite\\b[^>]*>");

	public static void main(String[] args) throws IOException {
		String module = args[0];
		Path target = Path.of(args[1]);
		Instant started = Instant.parse(args[2]);
		long[] totals = new long[4];
		double seconds = 0;
		for (String reports : List.of("surefire-reports", "failsafe-reports")) {
			Path directory = target.resolve(reports);
			if (!Files.isDirectory(directory)) {
				continue;
			}
			try (Stream<Path> files = Files.list(directory)) {
				for (Path file : files.filter((path) -> isReportSince(path, started)).toList()) {
					Matcher suite = SUITE.matcher(Files.readString(file));
					if (suite.find()) {
						String head = suite.group();
						totals[0] += number(head, "tests");
						totals[1] += number(head, "failures") + number(head, "errors");
						totals[2] += number(head, "skipped");
						seconds += decimal(head, "time");
					}
				}
			}
		}
		if (totals[0] == 0) {
			return;
		}
		System.out.println(String.format(Locale.ROOT, "%-22s %4d tests, %d failed, %d skipped, %5.0f s in tests", module,
				totals[0], totals[1], totals[2], seconds));
	}

	private static boolean isReportSince(Path path, Instant started) {
		try {
			return path.getFileName().toString().matches("TEST-.*\\.xml")
					&& !Files.getLastModifiedTime(path).toInstant().isBefore(started);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static long number(String head, String attribute) {
		return (long) decimal(head, attribute);
	}

	private static double decimal(String head, String attribute) {
		Matcher value = Pattern.compile("\\b" + attribute + "=\"([0-9.,]+)\"").matcher(head);
		return value.find() ? Double.parseDouble(value.group(1).replace(",", "")) : 0;
	}

}

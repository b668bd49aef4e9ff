package nl.tijdig.testinfra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /actuator/prometheus} over HTTP, read as Prometheus reads it: a
 * sample per line, a series named with its labels. Tests compare two scrapes, since the
 * meters count everything every test in the JVM did.
 */
public final class PrometheusScrape {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+).*$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final List<Sample> samples;

	private PrometheusScrape(List<Sample> samples) {
		this.samples = samples;
	}

	/** Scrapes the application listening on {@code port}. */
	public static PrometheusScrape of(int port) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(20))
			.build();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Scrape answered " + response.statusCode());
			}
			return new PrometheusScrape(
					response.body().lines().map(SAMPLE::matcher).filter(Matcher::matches).map((m) -> {
						Map<String, String> labels = new HashMap<>();
						Matcher label = LABEL.matcher((m.group(2) != null) ? m.group(2) : "");
						while (label.find()) {
							labels.put(label.group(1), label.group(2));
						}
						return new Sample(m.group(1), labels, value(m.group(3)));
					}).toList());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Whether a series of this name carries at least these labels. */
	public boolean has(String name, Map<String, String> labels) {
		return this.samples.stream().anyMatch((sample) -> sample.matches(name, labels));
	}

	/**
	 * The sum of the series of this name that carry at least these labels; 0 if there is
	 * none yet.
	 */
	public double value(String name, Map<String, String> labels) {
		return this.samples.stream().filter((sample) -> sample.matches(name, labels)).mapToDouble(Sample::value).sum();
	}

	/** The values of one label across the series of this name with these labels. */
	public List<String> labelValues(String name, Map<String, String> labels, String label) {
		return this.samples.stream()
			.filter((sample) -> sample.matches(name, labels))
			.map((sample) -> sample.labels().get(label))
			.toList();
	}

	private static double value(String text) {
		return switch (text) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(text);
		};
	}

	private record Sample(String name, Map<String, String> labels, double value) {

		boolean matches(String name, Map<String, String> labels) {
			return this.name.equals(name) && this.labels.entrySet().containsAll(labels.entrySet());
		}

	}

}

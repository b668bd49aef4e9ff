package nl.tijdig.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml as {@code docker-compose config} reads it: the file, its variables
 * and its profiles, without a Docker engine. The build installs docker-compose where it
 * may.
 */
class ComposeFileTests {

	private static final Path ROOT = Path.of(System.getProperty("tijdig.root", ".."));

	private static final Path EXAMPLE_ENV = ROOT.resolve(".env.example");

	@Test
	void theComposeFileIsValidWithTheExampleEnvFile() {
		assertThat(config("--env-file", EXAMPLE_ENV.toString())).as("docker-compose config").startsWith("0:");
	}

	/**
	 * As the compose file's header says: the example's settings, then
	 * docker/kafka-cluster.env's.
	 */
	@Test
	void theThreeBrokerProfileIsValid(@TempDir Path directory) throws IOException {
		Path cluster = directory.resolve(".env.cluster");
		Files.writeString(cluster,
				Files.readString(EXAMPLE_ENV) + "\n" + Files.readString(ROOT.resolve("docker/kafka-cluster.env")));
		assertThat(config("--env-file", cluster.toString(), "--profile", "kafka-cluster"))
			.as("docker-compose config with the kafka-cluster profile")
			.startsWith("0:");
	}

	/**
	 * Tried: an env file without each secret in turn. Compose must stop before any
	 * service starts and name the variable and how to make it.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "TIJDIG_LINK_KEY", "TIJDIG_PRIVACY_HASH_KEY", "TIJDIG_CONSOLE_PASSWORD_HASH",
			"TIJDIG_BOUNCE_TOKEN", "GRAFANA_ADMIN_PASSWORD" })
	void aMissingSecretStopsComposeAndIsNamed(String variable, @TempDir Path directory) throws IOException {
		Path env = directory.resolve(".env");
		Files.write(env,
				Files.readAllLines(EXAMPLE_ENV).stream().filter((line) -> !line.startsWith(variable + "=")).toList());
		assertThat(config("--env-file", env.toString())).doesNotStartWith("0:")
			.contains(variable)
			.contains(".env.example");
	}

	/**
	 * A service's Actuator port (management.server.port in its own configuration) is the
	 * one Prometheus scrapes and one compose never publishes; its public port is. Where
	 * health is not on the public port (the notifier's takes only bounce reports), the
	 * healthcheck asks the management port.
	 */
	@ParameterizedTest
	@CsvSource({ "reminder-api, nl.tijdig.api, 8080, 127.0.0.1:8080:8080, true",
			"notifier, nl.tijdig.notifier, 8082, 127.0.0.1::8082, false" })
	void metricsAreScrapedOnAPortThatIsNotPublished(String service, String basePackage, String publicPort,
			String publishedPort, boolean publicHealth) throws IOException {
		String management = new ServiceProperties(service, basePackage).setting("management.server.port");
		assertThat(management).isNotBlank().isNotEqualTo(publicPort);

		JsonNode compose = Manifests.YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
		JsonNode definition = compose.path("services").path(service);
		List<String> published = new ArrayList<>();
		definition.path("ports").forEach((port) -> published.add(port.asText()));
		assertThat(published).contains(publishedPort).noneMatch((port) -> port.endsWith(":" + management));
		assertThat(definition.path("environment").path("HEALTH_PORT").asText(publicPort))
			.as("the port %s's healthcheck asks", service)
			.isEqualTo(publicHealth ? publicPort : management);

		JsonNode prometheus = Manifests.YAML.readTree(ROOT.resolve("docker/prometheus/prometheus.yml").toFile());
		List<String> targets = new ArrayList<>();
		prometheus.path("scrape_configs")
			.forEach((job) -> job.path("dns_sd_configs")
				.forEach((config) -> config.path("names")
					.forEach((name) -> targets.add(name.asText() + ":" + config.path("port").asText()))));
		assertThat(targets).contains(service + ":" + management).doesNotContain(service + ":" + publicPort);
	}

	@Test
	void gitKeepsTheRealEnvFileOut() throws IOException {
		assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains(".env", "!.env.example");
	}

	/** Tried: a service with a key compose does not know. The check must refuse it. */
	@Test
	void aComposeFileWithAnUnknownKeyIsRefused(@TempDir Path directory) throws IOException {
		Path broken = directory.resolve("docker-compose.yml");
		Files.writeString(broken, """
				version: "2.4"
				services:
				  notifier:
				    image: tijdig/notifier
				    restart_policy: always
				""");
		assertThat(run(broken)).doesNotStartWith("0:").contains("restart_policy");
	}

	private static String config(String... options) {
		return run(ROOT.resolve("docker-compose.yml"), options);
	}

	/** The exit code, a colon and what docker-compose printed. */
	private static String run(Path file, String... options) {
		List<String> command = new ArrayList<>(List.of("docker-compose", "-f", file.toString()));
		command.addAll(List.of(options));
		command.addAll(List.of("config", "-q"));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config ends").isTrue();
			return process.exitValue() + ":" + output;
		}
		catch (IOException ex) {
			throw new AssertionError("docker-compose is needed to check docker-compose.yml: install Debian's"
					+ " docker-compose (the build does so where it may)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}

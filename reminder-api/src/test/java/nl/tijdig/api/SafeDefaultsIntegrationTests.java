package nl.tijdig.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import nl.tijdig.events.settings.MissingSettingException;
import nl.tijdig.infrastructure.Infrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import nl.tijdig.api.console.ConsoleTestSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * reminder-api started as a deployment starts it: on the embedded servers, but without
 * the {@code local} profile that the test infrastructure turns on.
 */
class SafeDefaultsIntegrationTests {

	private static final String LINK_KEY = "--tijdig.links.keys.k1=c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0zMi1ieXRlcyE=";

	private static final String SIGNING_KEY = "--tijdig.links.signing-key=k1";

	private static final String HASH_KEY = "--tijdig.privacy.hash-key=aGFzaC1rZXktZm9yLXRlc3RzLW9ubHktb2YtMzItYnl0ZXMh";

	/** Tried: operators and a hash key configured, no link key. */
	@Test
	void doesNotStartOnTheBuiltInLinkKey() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> start(HASH_KEY, "--" + ConsoleTestSettings.VIEWER, "--" + ConsoleTestSettings.VIEWER_HASH,
					"--" + ConsoleTestSettings.VIEWER_ROLE))
			.withRootCauseInstanceOf(MissingSettingException.class)
			.havingRootCause()
			.withMessageStartingWith("tijdig.links.keys");
	}

	/** Tried: a link key, no operators, which would log a generated password. */
	@Test
	void doesNotStartWithoutOperators() {
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> start(LINK_KEY, SIGNING_KEY, HASH_KEY))
			.withRootCauseInstanceOf(MissingSettingException.class)
			.havingRootCause()
			.withMessageStartingWith("tijdig.console.operators");
	}

	/**
	 * Tried: a link key and operators, no hash key, under which the rate limits would
	 * hash addresses with the public built-in key.
	 */
	@Test
	void doesNotStartOnTheBuiltInHashKey() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> start(LINK_KEY, SIGNING_KEY, "--" + ConsoleTestSettings.VIEWER,
					"--" + ConsoleTestSettings.VIEWER_HASH, "--" + ConsoleTestSettings.VIEWER_ROLE))
			.withRootCauseInstanceOf(MissingSettingException.class)
			.havingRootCause()
			.withMessageStartingWith("tijdig.privacy.hash-key");
	}

	/**
	 * Tried: health, metrics and the other Actuator endpoints on the public port and on
	 * the management port (any free one here, 8090 as configured).
	 */
	@Test
	void startsWithALinkKeyAndOperatorsAndKeepsActuatorOffThePublicPort() throws Exception {
		try (ConfigurableApplicationContext context = start(LINK_KEY, SIGNING_KEY, HASH_KEY,
				"--" + ConsoleTestSettings.VIEWER, "--" + ConsoleTestSettings.VIEWER_HASH,
				"--" + ConsoleTestSettings.VIEWER_ROLE)) {
			assertThat(context.getEnvironment().getActiveProfiles()).doesNotContain("local");
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			int management = context.getEnvironment().getProperty("local.management.port", Integer.class);
			assertThat(management).isNotEqualTo(port);

			HttpResponse<String> health = get(port, "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
			for (String path : new String[] { "/actuator/prometheus", "/actuator/info", "/actuator",
					"/actuator/health/db", "/actuator/health/liveness" }) {
				assertThat(get(port, path).statusCode()).as("public %s", path).isEqualTo(404);
			}

			assertThat(get(management, "/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
			assertThat(get(management, "/actuator/health").body()).contains("\"status\":\"UP\"");
		}
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private static ConfigurableApplicationContext start(String... settings) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0"));
		Infrastructure.shared().springProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
		arguments.addAll(List.of(settings));
		return ReminderApiApplication.builder().run(arguments.toArray(String[]::new));
	}

}

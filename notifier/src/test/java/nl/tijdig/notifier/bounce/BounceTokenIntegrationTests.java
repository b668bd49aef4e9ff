package nl.tijdig.notifier.bounce;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import nl.tijdig.events.settings.MissingSettingException;
import nl.tijdig.notifier.suppression.SuppressedAddresses;
import nl.tijdig.testinfra.WithInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code POST /bounces} with a configured token, as a deployment runs it, and a notifier
 * started without one.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=notifier",
				"tijdig.notifier.bounces.token=" + BounceTokenIntegrationTests.TOKEN })
@WithInfrastructure
class BounceTokenIntegrationTests {

	static final String TOKEN = "3f6c1d0e9b8a7f6e5d4c3b2a19080706f5e4d3c2b1a09f8e7d6c5b4a39281706";

	@LocalServerPort
	private int port;

	@Autowired
	private SuppressedAddresses addresses;

	private final HttpClient http = HttpClient.newHttpClient();

	private final String email = "token-" + UUID.randomUUID() + "@example.test";

	/**
	 * Tried: no header, another scheme, a wrong token, the token with a character
	 * missing.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "", "Basic " + TOKEN, "Bearer wrong", "Bearer " + TOKEN + "0",
			"Bearer 3f6c1d0e9b8a7f6e5d4c3b2a19080706f5e4d3c2b1a09f8e7d6c5b4a3928170" })
	void aReportWithoutTheTokenIsRefusedAndSuppressesNothing(String authorization) throws Exception {
		HttpResponse<String> response = post(authorization);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(this.addresses.contains(this.email)).isFalse();
	}

	@Test
	void aReportWithTheTokenIsTaken() throws Exception {
		HttpResponse<String> response = post("Bearer " + TOKEN);

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(this.addresses.contains(this.email)).isTrue();
	}

	/** Tried: a notifier outside the local profile, without a token. */
	@Test
	void aNotifierWithoutATokenDoesNotStartOutsideTheLocalProfile() {
		assertThatExceptionOfType(MissingSettingException.class)
			.isThrownBy(() -> new BounceIntake(null, new BounceProperties(""), new MockEnvironment()))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("tijdig.notifier.bounces.token"));
	}

	private HttpResponse<String> post(String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/bounces"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"recipient": "%s", "type": "hard", "status": "5.1.1"}
					""".formatted(this.email)));
		if (!authorization.isEmpty()) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

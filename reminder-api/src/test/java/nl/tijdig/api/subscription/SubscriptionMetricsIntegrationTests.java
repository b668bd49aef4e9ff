package nl.tijdig.api.subscription;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;
import nl.tijdig.testinfra.WithInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-ups, confirmations, link actions and erasures show at
 * {@code /actuator/prometheus}, where Prometheus scrapes them. Same context as
 * {@link LinkActionsIntegrationTests}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=reminder-api", "tijdig.signup.limits.enabled=false",
				"tijdig.demo.enabled=true", "tijdig.demo.slug=links-it" })
@WithInfrastructure
class SubscriptionMetricsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LinkSigner links;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void countsSignUpsConfirmationsAndLinkActionsForPrometheus() throws Exception {
		String address = "metrics-" + UUID.randomUUID() + "@example.org";
		assertThat(send(HttpRequest.newBuilder(uri("/api/v1/campaigns/links-it/subscriptions"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"email\":\"" + address + "\",\"language\":\"en\",\"consent\":true}")))
			.statusCode()).isEqualTo(202);
		UUID subscriber = this.jdbc.sql("SELECT id FROM subscriber WHERE email = ?")
			.param(address)
			.query(UUID.class)
			.single();
		assertThat(post("/confirm", LinkPurpose.CONFIRM, subscriber).statusCode()).isEqualTo(200);
		assertThat(post("/done", LinkPurpose.DONE, subscriber).statusCode()).isEqualTo(200);
		assertThat(post("/forget", LinkPurpose.FORGET, subscriber).statusCode()).isEqualTo(200);

		String metrics = send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET()).body();

		assertThat(metrics).contains("tijdig_signups_seconds_count{campaign=\"links-it\",outcome=\"accepted\"}")
			.contains("tijdig_confirmations_total")
			.contains("tijdig_link_actions_total{action=\"done\"}")
			.contains("tijdig_link_actions_total{action=\"forget\"}")
			.contains("tijdig_erasures_total{reason=\"request\"}");
	}

	private HttpResponse<String> post(String path, LinkPurpose purpose, UUID subscriber) throws Exception {
		String token = this.links.sign(purpose, subscriber, Instant.now().plus(Duration.ofDays(1)));
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}

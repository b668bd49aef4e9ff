package nl.tijdig.api.subscription;

import java.net.http.HttpRequest;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;

import static nl.tijdig.api.ReminderApiIntegrationTest.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-ups, confirmations, link actions and erasures show at
 * {@code /actuator/prometheus}, where Prometheus scrapes them. Same context as
 * {@link LinkActionsIntegrationTests}.
 */
@ReminderApiIntegrationTest
class SubscriptionMetricsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LinkSigner links;

	@Test
	void countsSignUpsConfirmationsAndLinkActionsForPrometheus() throws Exception {
		String address = "metrics-" + UUID.randomUUID() + "@example.org";
		assertThat(visitor().signUp(DEMO, address).statusCode()).isEqualTo(202);
		UUID subscriber = this.jdbc.sql("SELECT id FROM subscriber WHERE email = ?")
			.param(address)
			.query(UUID.class)
			.single();
		assertThat(visitor().follow("/confirm", LinkPurpose.CONFIRM, subscriber).statusCode()).isEqualTo(200);
		assertThat(visitor().follow("/done", LinkPurpose.DONE, subscriber).statusCode()).isEqualTo(200);
		assertThat(visitor().follow("/forget", LinkPurpose.FORGET, subscriber).statusCode()).isEqualTo(200);

		String metrics = visitor().send(HttpRequest.newBuilder(visitor().uri("/actuator/prometheus")).GET()).body();

		assertThat(metrics).contains("tijdig_signups_seconds_count{campaign=\"" + DEMO + "\",outcome=\"accepted\"}")
			.contains("tijdig_confirmations_total")
			.contains("tijdig_link_actions_total{action=\"done\"}")
			.contains("tijdig_link_actions_total{action=\"forget\"}")
			.contains("tijdig_erasures_total{reason=\"request\"}");
	}

	private Visitor visitor() {
		return new Visitor(this.port, this.links);
	}

}

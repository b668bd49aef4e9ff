package nl.tijdig.api.console.access;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.testinfra.ConsoleClient;
import nl.tijdig.testinfra.WithInfrastructure;
import nl.tijdig.api.console.TestCampaigns;

import static nl.tijdig.api.console.ConsoleTestSettings.CONFIG_NAME;
import static nl.tijdig.api.console.ConsoleTestSettings.NO_SIGNUP_LIMITS;
import static nl.tijdig.api.console.ConsoleTestSettings.OPERATOR;
import static nl.tijdig.api.console.ConsoleTestSettings.OPERATOR_HASH;
import static nl.tijdig.api.console.ConsoleTestSettings.OPERATOR_ROLE;
import static nl.tijdig.api.console.ConsoleTestSettings.VIEWER;
import static nl.tijdig.api.console.ConsoleTestSettings.VIEWER_HASH;
import static nl.tijdig.api.console.ConsoleTestSettings.VIEWER_ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A console session ends after {@code tijdig.console.session-timeout} without a request,
 * and not while requests keep coming. The timeout is seconds here, so the test needs a
 * context of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { CONFIG_NAME, NO_SIGNUP_LIMITS, VIEWER, VIEWER_HASH, VIEWER_ROLE, OPERATOR, OPERATOR_HASH,
				OPERATOR_ROLE, "tijdig.console.session-timeout=" + ConsoleSessionIntegrationTests.TIMEOUT_SECONDS + "s",
				// A context of its own: its listeners must not take partitions from the
				// shared context's.
				"spring.kafka.consumer.group-id=tijdig-reminder-api-session-test" })
@WithInfrastructure
class ConsoleSessionIntegrationTests {

	static final int TIMEOUT_SECONDS = 4;

	private static final Duration TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void endsASessionLeftAloneForLongerThanTheTimeout() {
		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		assertThat(operator.get("/admin/campaigns").statusCode()).isEqualTo(200);
		assertThat(operator.get("/admin/campaigns/new").statusCode()).isEqualTo(200);
		String slug = TestCampaigns.slug("expired");

		// No request at all meanwhile: any would keep the session alive.
		await().pollDelay(TIMEOUT.plusSeconds(2)).atMost(TIMEOUT.plusSeconds(10)).until(() -> true);

		// The session cookie and CSRF token of the expired session, the change before
		// anything else so that no new session stands in for the old one.
		HttpResponse<String> change = operator.post("/admin/campaigns", TestCampaigns.form(slug));
		assertThat(change.statusCode()).as("a change with the expired session").isIn(302, 403);
		if (change.statusCode() == 302) {
			assertThat(change.headers().firstValue("Location"))
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/admin/login"));
		}
		assertThat(stored(slug)).isZero();
		HttpResponse<String> page = operator.get("/admin/campaigns");
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/admin/login"));
	}

	@Test
	void keepsASessionAliveWhileRequestsKeepComing() {
		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		String slug = TestCampaigns.slug("sliding");

		// A request every half second for well over the timeout.
		await().pollInterval(Duration.ofMillis(500))
			.during(TIMEOUT.multipliedBy(2).plusSeconds(2))
			.atMost(TIMEOUT.multipliedBy(4))
			.until(() -> operator.get("/admin/campaigns/new").statusCode() == 200);

		assertThat(operator.post("/admin/campaigns", TestCampaigns.form(slug)).statusCode())
			.as("a change with the session and its token")
			.isEqualTo(302);
		assertThat(stored(slug)).isOne();
	}

	private long stored(String slug) {
		return this.jdbc.sql("SELECT count(*) FROM campaign WHERE slug = ?").param(slug).query(Long.class).single();
	}

}

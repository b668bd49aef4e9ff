package nl.tijdig.api.console;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.testinfra.ConsoleClient;
import nl.tijdig.testinfra.WithInfrastructure;

import static nl.tijdig.api.console.ConsoleTestSettings.CONFIG_NAME;
import static nl.tijdig.api.console.ConsoleTestSettings.LIMITED;
import static nl.tijdig.api.console.ConsoleTestSettings.LIMITED_HASH;
import static nl.tijdig.api.console.ConsoleTestSettings.LIMITED_ROLE;
import static nl.tijdig.api.console.ConsoleTestSettings.NO_SIGNUP_LIMITS;
import static nl.tijdig.api.console.ConsoleTestSettings.OPERATOR;
import static nl.tijdig.api.console.ConsoleTestSettings.OPERATOR_HASH;
import static nl.tijdig.api.console.ConsoleTestSettings.OPERATOR_ROLE;
import static nl.tijdig.api.console.ConsoleTestSettings.PER_USER_LIMIT;
import static nl.tijdig.api.console.ConsoleTestSettings.PER_USER_WINDOW;
import static nl.tijdig.api.console.ConsoleTestSettings.QUICK_REFRESH;
import static nl.tijdig.api.console.ConsoleTestSettings.VIEWER;
import static nl.tijdig.api.console.ConsoleTestSettings.VIEWER_HASH;
import static nl.tijdig.api.console.ConsoleTestSettings.VIEWER_ROLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets into the console and what they may do there: login first, reading for viewers,
 * changes for operators only and only with the CSRF token of their session, and no
 * endless password guessing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { CONFIG_NAME, NO_SIGNUP_LIMITS, VIEWER, VIEWER_HASH, VIEWER_ROLE, OPERATOR, OPERATOR_HASH,
				OPERATOR_ROLE, LIMITED, LIMITED_HASH, LIMITED_ROLE, PER_USER_LIMIT, PER_USER_WINDOW, QUICK_REFRESH })
@WithInfrastructure
class ConsoleSecurityIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void sendsAnAnonymousVisitorToTheLoginPage() {
		ConsoleClient anonymous = new ConsoleClient(this.port);
		for (String path : new String[] { "/admin", "/admin/campaigns",
				"/admin/campaigns/6f1c1f0e-54b4-4c6b-9a8e-2f0c8f3c1a01/numbers" }) {
			HttpResponse<String> response = anonymous.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(302);
			assertThat(response.headers().firstValue("Location")).as(path)
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/admin/login"));
		}
		assertThat(anonymous.get("/admin/login").statusCode()).isEqualTo(200);
	}

	@Test
	void refusesAWrongPassword() {
		HttpResponse<String> response = new ConsoleClient(this.port).login("operator", "not-the-secret");

		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/admin/login?error"));
	}

	@Test
	void letsAViewerReadButNotChange() {
		ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
		String slug = TestCampaigns.slug("viewer");

		HttpResponse<String> list = viewer.get("/admin/campaigns");
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains("linkedin-ai-training").doesNotContain("/admin/campaigns/new");
		assertThat(viewer.get("/admin/campaigns/new").statusCode()).isEqualTo(403);
		assertThat(viewer.post("/admin/campaigns", TestCampaigns.form(slug)).statusCode()).isEqualTo(403);
		assertThat(viewer.post("/admin/campaigns/6f1c1f0e-54b4-4c6b-9a8e-2f0c8f3c1a01/close", Map.of("confirm", "true"))
			.statusCode()).isEqualTo(403);
		assertThat(stored(slug)).isZero();
	}

	@Test
	void refusesAChangeWithoutTheCsrfTokenOfTheSession() {
		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		String slug = TestCampaigns.slug("csrf");
		operator.get("/admin/campaigns/new");

		assertThat(operator.postWithoutToken("/admin/campaigns", TestCampaigns.form(slug)).statusCode()).isEqualTo(403);
		assertThat(stored(slug)).isZero();
		assertThat(operator.post("/admin/campaigns", TestCampaigns.form(slug)).statusCode()).as("with the token")
			.isEqualTo(302);
		assertThat(stored(slug)).isOne();
	}

	@Test
	void refusesEvenTheRightPasswordOnceTooManyWrongOnesWereTried() {
		for (int attempt = 1; attempt <= 3; attempt++) {
			assertThat(
					new ConsoleClient(this.port).login("limited", "guess-" + attempt).headers().firstValue("Location"))
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/admin/login?error"));
		}

		HttpResponse<String> right = new ConsoleClient(this.port).login("limited", "limited-secret");

		assertThat(right.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/admin/login?locked"));
	}

	@Test
	void sendsStrictHeadersAndAStrictSessionCookie() {
		ConsoleClient client = new ConsoleClient(this.port);
		HttpResponse<String> page = client.get("/admin/login");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
		assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
		assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");

		HttpResponse<String> login = client.login("operator", "operator-secret");

		assertThat(login.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("JSESSIONID=")
				.contains("HttpOnly")
				.contains("SameSite=Strict"));
	}

	@Test
	void logsOut() {
		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		operator.get("/admin/campaigns/new");
		ConsoleClient kept = operator.copy();
		String slug = TestCampaigns.slug("logged-out");

		assertThat(operator.post("/admin/logout", Map.of()).headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/admin/login?logout"));
		assertThat(operator.get("/admin/campaigns").statusCode()).isEqualTo(302);
		// The session cookie and CSRF token from before the logout, as someone who copied
		// them would send them.
		HttpResponse<String> change = kept.post("/admin/campaigns", TestCampaigns.form(slug));
		assertThat(change.statusCode()).as("a change with the old session").isIn(302, 403);
		if (change.statusCode() == 302) {
			assertThat(change.headers().firstValue("Location"))
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/admin/login"));
		}
		assertThat(stored(slug)).isZero();
		assertThat(kept.get("/admin/campaigns").headers().firstValue("Location")).as("a page with the old session")
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/admin/login"));
	}

	private long stored(String slug) {
		return this.jdbc.sql("SELECT count(*) FROM campaign WHERE slug = ?").param(slug).query(Long.class).single();
	}

}

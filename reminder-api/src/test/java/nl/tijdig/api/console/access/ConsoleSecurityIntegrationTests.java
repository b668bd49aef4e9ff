package nl.tijdig.api.console.access;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.api.console.TestCampaigns;
import nl.tijdig.testinfra.ConsoleClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets into the console and what they may do there: login first, reading for viewers,
 * changes for operators only and only with the CSRF token of their session, and no
 * endless password guessing.
 */
@ReminderApiIntegrationTest
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

	/**
	 * Tried: three wrong passwords for {@code operator} from 127.0.0.2, then the right
	 * one from there and from the usual 127.0.0.1. Only the guesser is locked out.
	 */
	@Test
	void wrongPasswordsFromOneClientDoNotLockTheOperatorOutElsewhere() {
		LoginFrom guesser = new LoginFrom("127.0.0.2", this.port);
		for (int attempt = 1; attempt <= 3; attempt++) {
			assertThat(guesser.login("operator", "guess-" + attempt)).endsWith("/admin/login?error");
		}
		assertThat(guesser.login("operator", "operator-secret")).endsWith("/admin/login?locked");

		assertThat(new ConsoleClient(this.port).login("operator", "operator-secret").headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/admin/campaigns"));
	}

	/**
	 * Tried: ten wrong passwords for {@code viewer} from 127.0.0.3 at once, against a
	 * limit of three. At most three are checked; the others, and then the right password,
	 * are turned away.
	 */
	@Test
	void guessesMadeAtOnceCannotPassTheLimit() throws Exception {
		LoginFrom guesser = new LoginFrom("127.0.0.3", this.port);
		ExecutorService threads = Executors.newFixedThreadPool(10);
		try {
			List<Future<String>> answers = new ArrayList<>();
			for (int attempt = 1; attempt <= 10; attempt++) {
				String guess = "parallel-guess-" + attempt;
				answers.add(threads.submit(() -> guesser.login("viewer", guess)));
			}
			int checked = 0;
			for (Future<String> answer : answers) {
				String location = answer.get(60, TimeUnit.SECONDS);
				assertThat(location).matches(".*/admin/login\\?(error|locked)");
				checked += location.endsWith("?error") ? 1 : 0;
			}
			assertThat(checked).isLessThanOrEqualTo(3);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(guesser.login("viewer", "viewer-secret")).endsWith("/admin/login?locked");
	}

	/**
	 * Tried: from 127.0.0.4, two wrong passwords around four right ones, against a limit
	 * of three: the right ones give their attempt back, so the last login still gets in.
	 */
	@Test
	void aSuccessfulLoginGivesItsAttemptBack() {
		LoginFrom client = new LoginFrom("127.0.0.4", this.port);
		assertThat(client.login("operator", "wrong-1")).endsWith("?error");
		for (int login = 1; login <= 3; login++) {
			assertThat(client.login("operator", "operator-secret")).as("login " + login).endsWith("/admin/campaigns");
		}
		assertThat(client.login("operator", "wrong-2")).endsWith("?error");
		assertThat(client.login("operator", "operator-secret")).endsWith("/admin/campaigns");
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

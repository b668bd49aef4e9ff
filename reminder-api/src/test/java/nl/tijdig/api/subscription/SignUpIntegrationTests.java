package nl.tijdig.api.subscription;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;

import static nl.tijdig.api.ReminderApiIntegrationTest.DEMO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sign-up and confirmation on the real PostgreSQL and Kafka: what is stored, what is put
 * on the outbox, and that bad input changes nothing.
 */
@ReminderApiIntegrationTest
class SignUpIntegrationTests {

	private static final String API = "/api/v1/campaigns/" + DEMO + "/subscriptions";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LinkSigner links;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void storesASignUpAsPendingAndRelaysItsEvent() throws Exception {
		String address = unique("new");

		HttpResponse<String> response = post(API, "application/json", json(address, "en", true));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.body()).contains("confirmation-sent").doesNotContain(address);
		assertThat(status(address)).isEqualTo("PENDING");
		assertThat(this.jdbc.sql("SELECT consent_version FROM subscriber WHERE email = ?")
			.param(address)
			.query(String.class)
			.single()).isEqualTo("2025-09-1");
		// The relay empties the outbox once Kafka has acknowledged the event.
		await().untilAsserted(() -> assertThat(outboxRows()).isZero());
	}

	@Test
	void answersTheSameWhateverStateTheAddressIsIn() throws Exception {
		String address = unique("known");
		HttpResponse<String> fresh = post(API, "application/json", json(address, "nl", true));
		confirm(subscriberId(address));
		HttpResponse<String> confirmed = post(API, "application/json", json(address, "nl", true));

		assertThat(confirmed.statusCode()).isEqualTo(fresh.statusCode());
		assertThat(confirmed.body()).isEqualTo(fresh.body());
		assertThat(status(address)).isEqualTo("CONFIRMED");
	}

	static Stream<Arguments> badSignUps() {
		String marker = "bad-" + UUID.randomUUID();
		String address = marker + "@example.org";
		return Stream.of(Arguments.of("overlong address", json("a".repeat(300) + "@example.org", "en", true), 400),
				Arguments.of("CRLF with a Bcc header", json(address + "\\r\\nBcc: victim@example.org", "en", true),
						400),
				Arguments.of("encoded CRLF", json(address + "%0d%0aBcc:victim@example.org", "en", true), 400),
				Arguments.of("U+2028 line separator", json(address + "\\u2028", "en", true), 400),
				Arguments.of("NUL", json(address + "\\u0000", "en", true), 400),
				Arguments.of("CRLF in the language", json(address, "en\\r\\nX-Evil: 1", true), 400),
				Arguments.of("no consent", json(address, "en", false), 400),
				Arguments.of("unknown language", json(address, "de", true), 400),
				Arguments.of("1 MB address", json("a".repeat(1 << 20) + "@example.org", "en", true), 400),
				Arguments.of("malformed JSON", "{\"email\": \"" + address, 400),
				Arguments.of("JSON of the wrong shape", "[\"" + address + "\"]", 400));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badSignUps")
	void refusesBadInputWithAProblemAndChangesNothing(String tried, String body, int expected) throws Exception {
		long before = subscribers();

		HttpResponse<String> response = post(API, "application/json", body);

		assertThat(response.statusCode()).as(tried).isEqualTo(expected);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("victim@example.org");
		assertThat(subscribers()).as(tried).isEqualTo(before);
	}

	@Test
	void refusesInvalidUtf8() throws Exception {
		long before = subscribers();
		byte[] body = "{\"email\":\"x\u00ff@example.org\",\"consent\":true}".getBytes(StandardCharsets.ISO_8859_1);

		HttpResponse<String> response = this.http.send(
				request(API, "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(subscribers()).isEqualTo(before);
	}

	@Test
	void refusesTheWrongContentType() throws Exception {
		HttpResponse<String> response = post(API, "text/plain", json(unique("type"), "en", true));

		assertThat(response.statusCode()).isEqualTo(415);
	}

	@Test
	void refusesSignUpsForAClosedCampaign() throws Exception {
		String address = unique("closed");

		HttpResponse<String> response = post("/api/v1/campaigns/linkedin-ai-training/subscriptions", "application/json",
				json(address, "nl", true));

		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(response.body()).contains("takes no more sign-ups");
		assertThat(count(address)).isZero();
	}

	@Test
	void showsAClosedCampaignWithItsStepsButNoForm() throws Exception {
		HttpResponse<String> page = this.http.send(request("/c/linkedin-ai-training?lang=en", null).GET().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("The deadline has passed")
			.contains("Data for Generative AI Improvement")
			.contains("https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement")
			.doesNotContain("name=\"email\"");
	}

	@Test
	void recordsNoClientNetworkUnlessConfigured() throws Exception {
		String address = unique("network");

		post(API, "application/json", json(address, "nl", true));

		assertThat(this.jdbc.sql("SELECT consent_client_network FROM subscriber WHERE email = ?")
			.param(address)
			.query((rows, n) -> java.util.Optional.ofNullable(rows.getString(1)))
			.single()).isEmpty();
	}

	@Test
	void describesTheApiInOpenApi() throws Exception {
		HttpResponse<String> docs = this.http.send(request("/v3/api-docs", null).GET().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.body()).contains("\"openapi\"").contains("/api/v1/campaigns/{slug}/subscriptions");
	}

	@Test
	void answersAnUnknownCampaignWithNotFound() throws Exception {
		assertThat(post("/api/v1/campaigns/no-such-campaign/subscriptions", "application/json",
				json(unique("unknown"), "nl", true))
			.statusCode()).isEqualTo(404);
	}

	@Test
	void showsFieldErrorsOnTheFormNextToTheirFields() throws Exception {
		HttpResponse<String> response = postForm("/c/" + DEMO + "?lang=en", "email=not-an-address&language=en");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("aria-describedby=\"email-error\"")
			.contains("Enter an email address like name@example.org.")
			.contains("aria-describedby=\"consent-error\"");
	}

	@Test
	void signsUpThroughTheFormWithItsCsrfToken() throws Exception {
		String address = unique("form");

		HttpResponse<String> response = postForm("/c/" + DEMO + "?lang=nl",
				"email=" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "&language=nl&consent=true");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Kijk in je inbox");
		assertThat(status(address)).isEqualTo("PENDING");
	}

	@Test
	void refusesAFormPostWithoutItsCsrfToken() throws Exception {
		String address = unique("csrf");

		HttpResponse<String> response = post("/c/" + DEMO, "application/x-www-form-urlencoded",
				"email=" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "&language=nl&consent=true");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(count(address)).isZero();
	}

	@Test
	void takesNothingFromABotThatFillsTheHiddenField() throws Exception {
		String address = unique("bot");

		HttpResponse<String> response = postForm("/c/" + DEMO, "email="
				+ URLEncoder.encode(address, StandardCharsets.UTF_8) + "&language=nl&consent=true&website=spam");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(count(address)).isZero();
	}

	@Test
	void confirmsOnceAndRefusesReplayedForgedExpiredAndMisdirectedTokens() throws Exception {
		String address = unique("confirm");
		post(API, "application/json", json(address, "nl", true));
		UUID subscriber = subscriberId(address);

		assertThat(post("/confirm", "application/x-www-form-urlencoded",
				"token=" + this.links.sign(LinkPurpose.UNSUBSCRIBE, subscriber, Instant.now().plusSeconds(60)))
			.statusCode()).as("wrong purpose").isEqualTo(400);
		assertThat(post("/confirm", "application/x-www-form-urlencoded",
				"token=" + this.links.sign(LinkPurpose.CONFIRM, subscriber, Instant.now().minusSeconds(1)))
			.statusCode()).as("expired").isEqualTo(400);
		String token = this.links.sign(LinkPurpose.CONFIRM, subscriber, Instant.now().plusSeconds(60));
		String forged = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
		assertThat(post("/confirm", "application/x-www-form-urlencoded", "token=" + forged).statusCode()).as("forged")
			.isEqualTo(400);
		assertThat(status(address)).isEqualTo("PENDING");

		HttpResponse<String> page = this.http.send(request("/confirm?token=" + token, null).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).as("the link opens a page and changes nothing").isEqualTo(200);
		assertThat(status(address)).isEqualTo("PENDING");

		assertThat(confirm(subscriber).statusCode()).isEqualTo(200);
		assertThat(status(address)).isEqualTo("CONFIRMED");
		assertThat(confirm(subscriber).statusCode()).as("replayed").isEqualTo(400);
	}

	private HttpResponse<String> confirm(UUID subscriber) throws Exception {
		String token = this.links.sign(LinkPurpose.CONFIRM, subscriber, Instant.now().plus(Duration.ofHours(48)));
		return post("/confirm", "application/x-www-form-urlencoded",
				"token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
	}

	/**
	 * Posts the sign-up form as a browser does: with the CSRF cookie and field of the
	 * page.
	 */
	private HttpResponse<String> postForm(String path, String body) throws Exception {
		return new Visitor(this.port, this.links).postForm(DEMO, path, body);
	}

	private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
		return this.http.send(request(path, contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path, String contentType) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(20));
		return (contentType != null) ? builder.header("Content-Type", contentType) : builder;
	}

	private static String json(String email, String language, boolean consent) {
		return "{\"email\":\"" + email + "\",\"language\":\"" + language + "\",\"consent\":" + consent + "}";
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID() + "@example.org";
	}

	private String status(String address) {
		return this.jdbc.sql("SELECT status FROM subscriber WHERE email = ?")
			.param(address)
			.query(String.class)
			.single();
	}

	private UUID subscriberId(String address) {
		return this.jdbc.sql("SELECT id FROM subscriber WHERE email = ?").param(address).query(UUID.class).single();
	}

	private long count(String address) {
		return this.jdbc.sql("SELECT count(*) FROM subscriber WHERE email = ?")
			.param(address)
			.query(Long.class)
			.single();
	}

	private long subscribers() {
		return this.jdbc.sql("SELECT count(*) FROM subscriber").query(Long.class).single();
	}

	private long outboxRows() {
		return this.jdbc.sql("SELECT count(*) FROM outbox_event").query(Long.class).single();
	}

}

package nl.tijdig.api.privacy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.api.console.TestCampaigns;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;
import nl.tijdig.testinfra.ConsoleClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a subscriber and an operator get out of reminder-api over HTTP, on the real
 * PostgreSQL: the subscriber their own data from the "my data" link, the operator the
 * proof of consent of an address (JSON) or a campaign (CSV), in which an erased
 * subscriber is only a trace that names nobody. Each test signs up through the JSON API
 * and acts as the person or the operator would.
 */
@ReminderApiIntegrationTest
class PersonalDataIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LinkSigner links;

	@Autowired
	JsonMapper json;

	private ConsoleClient operator;

	private UUID campaignId;

	private String slug;

	@BeforeEach
	void publishedCampaign() {
		this.operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		this.slug = TestCampaigns.slug("privacy");
		this.campaignId = TestCampaigns.create(this.operator, this.slug);
		assertThat(this.operator.post("/admin/campaigns/" + this.campaignId + "/publish", Map.of()).statusCode())
			.isEqualTo(302);
	}

	@Test
	void theMyDataLinkOpensAPageThatSaysWhatItIsAndShowsNoDataUntilTheButtonIsPressed() throws Exception {
		String address = "page-" + UUID.randomUUID() + "@example.org";
		UUID subscriber = signUpAndConfirm(address, "en");

		// The link as the email carries it: no language of its own.
		HttpResponse<String> page = get("/my-data?token=" + token(LinkPurpose.EXPORT, subscriber));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).as("in the language of the subscriber's emails")
			.contains("<form method=\"post\"", "action=\"/my-data\"", "Download my data",
					"everything Tijdig keeps about your subscription");
		assertThat(page.body()).as("a mail scanner following the link sees no data").doesNotContain(address);
		HttpResponse<String> dutch = get("/my-data?token="
				+ token(LinkPurpose.EXPORT, signUpAndConfirm("page-nl-" + UUID.randomUUID() + "@example.org", "nl")));
		assertThat(dutch.body()).contains("Download mijn gegevens");
	}

	@Test
	void theButtonDownloadsTheSubscribersOwnDataAsJson() throws Exception {
		String address = "own-" + UUID.randomUUID() + "@example.org";
		Instant before = Instant.now().minusSeconds(1);
		UUID subscriber = signUpAndConfirm(address, "en");

		HttpResponse<String> download = postToken("/my-data", token(LinkPurpose.EXPORT, subscriber));

		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(download.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying((disposition) -> assertThat(disposition).startsWith("attachment"));
		JsonNode subscription = this.json.readTree(download.body()).get("subscriptions").get(0);
		assertThat(subscription.get("subscriberId").asString()).isEqualTo(subscriber.toString());
		assertThat(subscription.get("email").asString()).isEqualTo(address);
		assertThat(subscription.get("status").asString()).isEqualTo("CONFIRMED");
		assertThat(subscription.get("campaign").get("slug").asString()).isEqualTo(this.slug);
		assertThat(subscription.get("consent").get("textVersion").asString()).isEqualTo("2025-09-1");
		assertThat(subscription.get("consent").get("language").asString()).as("signed up on the English page")
			.isEqualTo("EN");
		assertThat(Instant.parse(subscription.get("consent").get("givenAt").asString())).isAfter(before);
		assertThat(Instant.parse(subscription.get("confirmedAt").asString())).isAfter(before);
		assertThat(subscription.get("erasedBy").asString()).isNotEmpty();
	}

	/**
	 * The row leaves out the times that repeat another; the download gives each as it
	 * was: the first sign-up's time stays when a second one gives a new consent.
	 */
	@Test
	void aSecondSignUpKeepsTheFirstOnesTimeBesideTheNewConsent() throws Exception {
		String address = "twice-" + UUID.randomUUID() + "@example.org";
		signUp(address, "nl");
		UUID subscriber = this.jdbc.sql("SELECT id FROM subscriber WHERE email = ?")
			.param(address)
			.query(UUID.class)
			.single();
		Instant first = this.jdbc.sql("SELECT consented_at FROM subscriber WHERE id = ?")
			.param(subscriber)
			.query(Timestamp.class)
			.single()
			.toInstant();
		JsonNode once = download(subscriber);
		signUpAndConfirm(address, "en");

		JsonNode twice = download(subscriber);

		assertThat(Instant.parse(once.get("signedUpAt").asString())).isEqualTo(first);
		assertThat(Instant.parse(once.get("lastChangedAt").asString())).isEqualTo(first);
		assertThat(Instant.parse(twice.get("signedUpAt").asString())).isEqualTo(first);
		Instant second = Instant.parse(twice.get("consent").get("givenAt").asString());
		assertThat(second).isAfter(first);
		assertThat(twice.get("consent").get("language").asString()).isEqualTo("EN");
		assertThat(Instant.parse(twice.get("lastChangedAt").asString())).as("confirmed after it").isAfter(second);
	}

	@Test
	void anErasedOrUnknownSubscriberGetsAPageSayingNothingIsKept() throws Exception {
		UUID erased = signUpAndConfirm("erased-" + UUID.randomUUID() + "@example.org", "nl");
		assertThat(postToken("/forget", token(LinkPurpose.FORGET, erased)).statusCode()).isEqualTo(200);

		for (UUID gone : List.of(erased, UUID.randomUUID())) {
			String token = token(LinkPurpose.EXPORT, gone);
			HttpResponse<String> page = get("/my-data?lang=en&token=" + token);
			HttpResponse<String> download = postToken("/my-data", token);

			assertThat(page.statusCode()).as("the page of %s", gone).isEqualTo(404);
			assertThat(page.body()).contains("We keep no data on you");
			assertThat(download.statusCode()).as("the download of %s", gone).isEqualTo(404);
			assertThat(download.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		}
	}

	@Test
	void aTamperedForeignOrMissingTokenIsRefusedWith400() throws Exception {
		UUID subscriber = signUpAndConfirm("tampered-" + UUID.randomUUID() + "@example.org", "nl");
		String token = token(LinkPurpose.EXPORT, subscriber);
		// The last character of the signature changed.
		String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");

		assertThat(get("/my-data?token=" + tampered).statusCode()).as("a tampered page link").isEqualTo(400);
		assertThat(postToken("/my-data", tampered).statusCode()).as("a tampered download").isEqualTo(400);
		assertThat(postToken("/my-data", token(LinkPurpose.FORGET, subscriber)).statusCode())
			.as("a token for deleting data")
			.isEqualTo(400);
		assertThat(get("/my-data").statusCode()).as("no token").isEqualTo(400);
		assertThat(postToken("/my-data", this.links.sign(LinkPurpose.EXPORT, subscriber, Instant.now().minusSeconds(1)))
			.statusCode()).as("an expired token").isEqualTo(400);
	}

	@Test
	void anOperatorDownloadsTheConsentOfAnAddressWhateverItsCase() throws Exception {
		String address = "lookup-" + UUID.randomUUID() + "@example.org";
		UUID subscriber = signUpAndConfirm(address, "nl");
		this.operator.get("/admin/consents");

		HttpResponse<String> found = this.operator.post("/admin/consents",
				Map.of("address", address.toUpperCase(java.util.Locale.ROOT).replace("EXAMPLE.ORG", "example.org")));

		assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
		assertThat(found.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying((disposition) -> assertThat(disposition).startsWith("attachment"));
		JsonNode subscription = this.json.readTree(found.body()).get("subscriptions").get(0);
		assertThat(subscription.get("subscriberId").asString()).isEqualTo(subscriber.toString());
		assertThat(subscription.get("email").asString()).isEqualTo(address);
		assertThat(subscription.get("consent").get("textVersion").asString()).isEqualTo("2025-09-1");
		assertThat(subscription.get("consent").get("language").asString()).as("signed up on the Dutch page")
			.isEqualTo("NL");
		assertThat(subscription.get("confirmedAt").isNull()).isFalse();
	}

	@Test
	void anOperatorsLookUpOfABadOrUnknownAddressIsAClearPage() {
		this.operator.get("/admin/consents?lang=en");
		HttpResponse<String> bad = this.operator.post("/admin/consents", Map.of("address", "not an address\r\nBcc: x"));
		this.operator.get("/admin/consents");
		HttpResponse<String> unknown = this.operator.post("/admin/consents",
				Map.of("address", "nobody-" + UUID.randomUUID() + "@example.org"));

		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("id=\"address-error\"");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("No subscription has this address");
	}

	@Test
	void aCampaignsConsentsAreACsvInWhichAnErasedSubscriberIsATraceThatNamesNobody() throws Exception {
		String kept = "=kept-" + UUID.randomUUID() + "@example.org";
		String erased = "erased-" + UUID.randomUUID() + "@example.org";
		UUID keptId = signUpAndConfirm(kept, "en");
		UUID erasedId = signUpAndConfirm(erased, "nl");
		assertThat(postToken("/forget", token(LinkPurpose.FORGET, erasedId)).statusCode()).isEqualTo(200);

		HttpResponse<String> csv = this.operator.get("/admin/campaigns/" + this.campaignId + "/consents.csv");

		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/csv"));
		List<String> lines = csv.body().lines().toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).isEqualTo(ConsentCsv.HEADER);
		String today = LocalDate.now(ZoneOffset.UTC).toString();
		// An address that a spreadsheet would take for a formula is written as text.
		assertThat(lines.get(1)).startsWith("subscriber," + keptId + ",'" + kept + ",CONFIRMED,2025-09-1,EN,")
			.endsWith(",,");
		assertThat(lines.get(2))
			.isEqualTo("erased,,,,2025-09-1,NL," + today + ",," + today + ",," + today + ",REQUEST");
		assertThat(csv.body()).doesNotContain(erased).doesNotContain(erasedId.toString());
	}

	@Test
	void consentRecordsAreForOperatorsOnlyAndAnUnknownCampaignIsNotFound() {
		ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");

		assertThat(viewer.get("/admin/consents").statusCode()).as("a viewer's page").isEqualTo(403);
		assertThat(viewer.get("/admin/campaigns/" + this.campaignId + "/consents.csv").statusCode())
			.as("a viewer's CSV")
			.isEqualTo(403);
		assertThat(
				new ConsoleClient(this.port).get("/admin/campaigns/" + this.campaignId + "/consents.csv").statusCode())
			.as("nobody logged in")
			.isEqualTo(302);
		assertThat(this.operator.get("/admin/campaigns/" + UUID.randomUUID() + "/consents.csv").statusCode())
			.as("an unknown campaign")
			.isEqualTo(404);
		assertThat(this.operator.get("/admin/campaigns/not-an-id/consents.csv").statusCode()).as("no campaign id")
			.isEqualTo(400);
		HttpResponse<String> page = this.operator.get("/admin/consents");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("/admin/campaigns/" + this.campaignId + "/consents.csv");
	}

	private JsonNode download(UUID subscriber) throws Exception {
		HttpResponse<String> download = postToken("/my-data", token(LinkPurpose.EXPORT, subscriber));
		assertThat(download.statusCode()).isEqualTo(200);
		return this.json.readTree(download.body()).get("subscriptions").get(0);
	}

	/** Signs up through the JSON API from a page in {@code lang}, and confirms. */
	private UUID signUpAndConfirm(String address, String lang) throws Exception {
		signUp(address, lang);
		UUID subscriber = this.jdbc.sql("SELECT id FROM subscriber WHERE email = ?")
			.param(address)
			.query(UUID.class)
			.single();
		assertThat(postToken("/confirm", token(LinkPurpose.CONFIRM, subscriber)).statusCode()).isEqualTo(200);
		return subscriber;
	}

	private void signUp(String address, String lang) throws Exception {
		HttpResponse<String> signUp = this.http
			.send(HttpRequest.newBuilder(uri("/api/v1/campaigns/" + this.slug + "/subscriptions?lang=" + lang))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"email\":\"" + address + "\",\"language\":\"" + lang + "\",\"consent\":true}"))
				.timeout(Duration.ofSeconds(20))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(202);
	}

	private String token(LinkPurpose purpose, UUID subscriber) {
		return this.links.sign(purpose, subscriber, Instant.now().plus(Duration.ofDays(1)));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> postToken(String path, String token) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString("token=" + token))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}

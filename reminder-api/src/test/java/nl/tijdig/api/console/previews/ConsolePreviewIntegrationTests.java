package nl.tijdig.api.console.previews;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.api.console.TestCampaigns;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.PreviewRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.ConsoleClient;
import nl.tijdig.testinfra.TopicReader;

import static nl.tijdig.api.console.ConsoleTestSettings.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Previews and test sends as far as the console goes, on the real PostgreSQL and Kafka:
 * what it asks of the notifier on {@code tijdig.previews}, what it refuses to ask, and
 * what it answers when nobody renders. No notifier runs here, so every request that gets
 * through ends in a {@code 503} after the short timeout below; the answers themselves are
 * tested with the real notifier in the platform's system test.
 */
@ReminderApiIntegrationTest
class ConsolePreviewIntegrationTests {

	@LocalServerPort
	int port;

	private ConsoleClient operator;

	private ConsoleClient viewer;

	private UUID campaign;

	@BeforeEach
	void setUp() {
		this.operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		this.viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
		this.campaign = TestCampaigns.create(this.operator, TestCampaigns.slug("preview"));
	}

	@Test
	void offersEveryKindWaveAndLanguageWithoutAskingTheNotifier() {
		HttpResponse<String> page = this.viewer.get(preview(""));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("value=\"WAVE_REMINDER\"", "Herinnering", "value=\"DEADLINE_DAY\"",
				"Laatste herinnering", "value=\"14d\"", "value=\"7d\"", "value=\"3h\"", "value=\"EN\"", "Engels");
		assertThat(page.body()).as("only the choice, so no test-send form yet").doesNotContain("/test-send\"");
		assertThat(this.viewer.get("/admin/campaigns/" + this.campaign).body()).contains(preview(""));
		assertThat(this.operator.get("/admin/campaigns/" + this.campaign + "/edit").body()).contains(preview(""));
		assertThat(requestsUpToAMarker()).hasSize(1);
	}

	@Test
	void asksTheNotifierForTheDraftAndAnswers503WhenItDoesNotAnswerInTime() {
		HttpResponse<String> page = this.viewer.get(preview("?kind=WAVE_REMINDER&wave=7d&language=EN&lang=en"));

		assertThat(page.statusCode()).isEqualTo(503);
		assertThat(page.body()).contains("The notifier did not answer within 1 seconds");
		assertThat(page.body()).as("a viewer gets no test-send form").doesNotContain("/test-send\"");
		PreviewRequested request = await((asked) -> asked.kind() == MessageKind.WAVE_REMINDER);
		assertThat(request.waveKey()).isEqualTo("7d");
		assertThat(request.language()).isEqualTo(Language.EN);
		assertThat(request.testRecipient()).isNull();
		assertThat(request.expiresAt()).isEqualTo(request.time().plus(Duration.ofSeconds(1)));
		assertThat(request.campaign().slug()).startsWith("preview-");
		assertThat(request.campaign().waves()).extracting(Wave::key).containsExactly("14d", "7d", "3h");
		assertThat(request.campaign().content().get(Language.EN).title()).isEqualTo("Title en");
		assertThat(request.campaign().content().get(Language.NL).steps()).containsExactly("Open the settings",
				"Switch it off");
	}

	@Test
	void answersTheHtmlWithAPolicyOfItsOwnThatOnlyTheConsoleMayFrame() {
		HttpResponse<String> html = this.viewer.get(html("?kind=WELCOME&language=NL"));

		assertThat(html.statusCode()).as("no notifier answers").isEqualTo(503);
		assertThat(html.body()).contains("De notifier heeft niet binnen 1 seconden geantwoord");
		assertThat(html.headers().allValues("Content-Security-Policy")).containsExactly(
				"default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'; "
						+ "base-uri 'none'; form-action 'none'");
		assertThat(html.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(html.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));

		HttpResponse<String> page = this.viewer.get(preview(""));
		assertThat(page.headers().allValues("Content-Security-Policy")).singleElement()
			.satisfies((csp) -> assertThat(csp).contains("frame-ancestors 'none'", "script-src 'self'"));
		assertThat(page.headers().allValues("X-Frame-Options")).containsExactly("DENY");
	}

	@Test
	void refusesAnUnknownKindLanguageOrWaveWithAnErrorAtTheFieldAndAsksNothing() {
		Map<String, String> tried = new LinkedHashMap<>();
		tried.put("?kind=BIRTHDAY&language=EN", "kind");
		tried.put("?kind=wave_reminder&wave=7d&language=EN", "kind");
		tried.put("?kind=WELCOME&language=FR", "language");
		tried.put("?kind=WELCOME", "language");
		tried.put("?kind=WAVE_REMINDER&wave=99d&language=NL", "wave");
		tried.put("?kind=WAVE_REMINDER&language=NL", "wave");
		tried.put("?kind=WAVE_REMINDER&wave=&language=NL", "wave");
		tried.forEach((query, field) -> {
			HttpResponse<String> page = this.viewer.get(preview(query));
			assertThat(page.statusCode()).as(query).isEqualTo(400);
			assertThat(page.body()).as(query)
				.contains("id=\"" + field + "-error\"", "href=\"#" + field + "\"", "aria-invalid=\"true\"");
			assertThat(this.viewer.get(html(query)).statusCode()).as("the HTML of " + query).isEqualTo(400);
		});
		assertThat(this.viewer.get(preview("?kind=WAVE_REMINDER&wave=99d&language=NL")).body())
			.contains("Kies een van de golven van de campagne.");

		assertThat(requestsUpToAMarker()).as("only the marker").hasSize(1);
	}

	@Test
	void refusesABadTestAddressWithAnErrorAtTheFieldAndSendsNothing() {
		Map<String, String> tried = new LinkedHashMap<>();
		tried.put("empty", "");
		tried.put("blank", "   ");
		tried.put("a header injected after CRLF", "someone@example.org\r\nBcc: victim@example.org");
		tried.put("a header injected after LF", "someone@example.org\nBcc: victim@example.org");
		tried.put("overlong", "a".repeat(250) + "@example.org");
		tried.put("a local part over 64 characters", "a".repeat(65) + "@example.org");
		tried.put("not an address", "not-an-address");
		tried.put("two addresses", "one@example.org, two@example.org");
		this.operator.get(preview(""));
		tried.forEach((what, address) -> {
			HttpResponse<String> page = this.operator.post(testSend(), testSend("WELCOME", "", "NL", address));
			assertThat(page.statusCode()).as(what).isEqualTo(400);
			assertThat(page.body()).as(what).contains("id=\"address-error\"", "href=\"#address\"");
		});
		HttpResponse<String> both = this.operator.post(testSend(),
				testSend("WAVE_REMINDER", "", "NL", "not-an-address"));
		assertThat(both.statusCode()).isEqualTo(400);
		assertThat(both.body()).contains("id=\"wave-error\"", "id=\"address-error\"");

		assertThat(requestsUpToAMarker()).as("only the marker").hasSize(1);
	}

	@Test
	void sendsATestOnlyForAnOperatorWithTheTokenOfTheSession() {
		this.viewer.get(preview(""));
		assertThat(this.viewer.post(testSend(), testSend("WELCOME", "", "EN", "viewer@example.org")).statusCode())
			.as("a viewer")
			.isEqualTo(403);
		HttpResponse<String> page = this.operator.get(preview("?kind=DEADLINE_DAY&language=EN"));
		assertThat(page.statusCode()).as("no notifier answers").isEqualTo(503);
		assertThat(page.body()).as("an operator gets the test-send form")
			.contains("action=\"" + testSend() + "\"", "id=\"address\"");
		assertThat(this.operator.postWithoutToken(testSend(), testSend("WELCOME", "", "EN", "nocsrf@example.org"))
			.statusCode()).as("without the CSRF token").isEqualTo(403);
		assertThat(requestsUpToAMarker()).as("the page's request and the marker").hasSize(2);

		HttpResponse<String> sent = this.operator.post(testSend(),
				testSend("DEADLINE_DAY", "", "EN", " Tester@Example.ORG "));

		assertThat(sent.statusCode()).as("no notifier answers").isEqualTo(503);
		PreviewRequested request = await(
				(asked) -> asked.kind() == MessageKind.DEADLINE_DAY && asked.testRecipient() != null);
		assertThat(request.testRecipient()).as("checked and normalised like a sign-up").isEqualTo("Tester@example.org");
		assertThat(request.language()).isEqualTo(Language.EN);
		assertThat(request.waveKey()).isNull();
	}

	@Test
	void limitsTestSendsPerOperator() {
		ConsoleClient sender = new ConsoleClient(this.port).loggedIn("sender", "operator-secret");
		sender.get(preview(""));
		for (int send = 1; send <= 3; send++) {
			assertThat(sender.post(testSend(), testSend("CONFIRMATION", "", "NL", "limit@example.org")).statusCode())
				.as("test send %d, within the limit; no notifier answers", send)
				.isEqualTo(503);
		}

		HttpResponse<String> limited = sender.post(testSend(), testSend("CONFIRMATION", "", "NL", "limit@example.org"));

		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After"))
			.hasValueSatisfying((seconds) -> assertThat(Long.parseLong(seconds)).isPositive());
		assertThat(limited.body()).contains("id=\"form-error\"", "te veel testberichten");
		assertThat(requestsUpToAMarker()).filteredOn((request) -> request.testRecipient() != null)
			.as("the fourth was not asked for")
			.hasSize(3);
		assertThat(this.operator.post(testSend(), testSend("CONFIRMATION", "", "NL", "other@example.org")).statusCode())
			.as("another operator is not limited by it")
			.isEqualTo(503);
	}

	@Test
	void answersAnUnknownCampaignWith404() {
		String unknown = "/admin/campaigns/" + UUID.randomUUID();
		this.operator.get(preview(""));

		assertThat(this.operator.get(unknown + "/preview").statusCode()).isEqualTo(404);
		assertThat(this.operator.get(unknown + "/preview?kind=WELCOME&language=NL").statusCode()).isEqualTo(404);
		assertThat(this.operator.get(unknown + "/preview/html?kind=WELCOME&language=NL").statusCode()).isEqualTo(404);
		assertThat(
				this.operator.post(unknown + "/test-send", testSend("WELCOME", "", "NL", "x@example.org")).statusCode())
			.isEqualTo(404);
	}

	private String preview(String query) {
		return "/admin/campaigns/" + this.campaign + "/preview" + query;
	}

	private String html(String query) {
		return "/admin/campaigns/" + this.campaign + "/preview/html" + query;
	}

	private String testSend() {
		return "/admin/campaigns/" + this.campaign + "/test-send";
	}

	private static Map<String, String> testSend(String kind, String wave, String language, String address) {
		return Map.of("kind", kind, "wave", wave, "language", language, "address", address);
	}

	/** The campaign's first preview request that matches, once it is on the topic. */
	private PreviewRequested await(java.util.function.Predicate<PreviewRequested> matching) {
		try (TopicReader<Object> reader = TopicReader.events(Topics.PREVIEWS)) {
			return (PreviewRequested) reader
				.await((record) -> ofThisCampaign(record) && matching.test((PreviewRequested) record.value()))
				.value();
		}
	}

	/**
	 * Every preview request of the campaign, up to one more asked for now as a marker:
	 * whatever a refused request had published was sent before the marker, so it is read
	 * by the time the marker is.
	 */
	private List<PreviewRequested> requestsUpToAMarker() {
		assertThat(this.viewer.get(preview("?kind=GOODBYE&language=NL")).statusCode()).isEqualTo(503);
		try (TopicReader<Object> reader = TopicReader.events(Topics.PREVIEWS)) {
			reader.await((record) -> ofThisCampaign(record)
					&& ((PreviewRequested) record.value()).kind() == MessageKind.GOODBYE);
			return reader.all()
				.stream()
				.filter(this::ofThisCampaign)
				.map((record) -> (PreviewRequested) record.value())
				.toList();
		}
	}

	private boolean ofThisCampaign(ConsumerRecord<String, Object> record) {
		return record.value() instanceof PreviewRequested request
				&& this.campaign.equals(request.campaign().campaignId());
	}

}

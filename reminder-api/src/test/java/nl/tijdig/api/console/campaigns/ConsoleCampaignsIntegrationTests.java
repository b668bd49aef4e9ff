package nl.tijdig.api.console.campaigns;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.api.console.TestCampaigns;
import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.CorrectionRequested;
import nl.tijdig.events.Language;
import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.ConsoleClient;
import nl.tijdig.testinfra.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Campaigns made in the console, on the real PostgreSQL and Kafka: a draft stays off the
 * topic, publishing and closing put the definition on {@code tijdig.campaigns}, and bad
 * input is answered 400 with an error at each field, changing nothing.
 */
@ReminderApiIntegrationTest
class ConsoleCampaignsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private ConsoleClient operator;

	@BeforeEach
	void logIn() {
		this.operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
	}

	@Test
	void publishesADraftOnTheCampaignTopicAndClosesIt() {
		String slug = TestCampaigns.slug("publish");
		UUID id = create(slug);
		assertThat(status(id)).isEqualTo("DRAFT");
		assertThat(this.operator.get("/c/" + slug).statusCode()).as("a draft has no public page").isEqualTo(404);

		HttpResponse<String> published = this.operator.post("/admin/campaigns/" + id + "/publish", Map.of());

		assertThat(published.statusCode()).isEqualTo(302);
		assertThat(status(id)).isEqualTo("PUBLISHED");
		CampaignPublished event = (CampaignPublished) campaignEvents(id, 1).get(0);
		assertThat(event.status()).isEqualTo(CampaignPublished.Status.PUBLISHED);
		assertThat(event.slug()).isEqualTo(slug);
		assertThat(event.timeZone()).isEqualTo("Europe/Amsterdam");
		assertThat(event.waves()).extracting(Wave::key).containsExactly("14d", "7d", "3h");
		assertThat(event.content().get(Language.NL).steps()).containsExactly("Open the settings", "Switch it off");
		assertThat(event.content().get(Language.EN).summary()).isEqualTo("Summary en\nwith a second line");
		assertThat(this.operator.get("/c/" + slug).statusCode()).isEqualTo(200);

		this.operator.get("/admin/campaigns/" + id);
		HttpResponse<String> unconfirmed = this.operator.post("/admin/campaigns/" + id + "/close", Map.of());
		assertThat(unconfirmed.statusCode()).as("closing without ticking the box").isEqualTo(400);
		assertThat(unconfirmed.body()).contains("id=\"confirm-error\"");
		assertThat(status(id)).isEqualTo("PUBLISHED");
		assertThat(this.operator.post("/admin/campaigns/" + id + "/close", Map.of("confirm", "true")).statusCode())
			.isEqualTo(302);
		assertThat(status(id)).isEqualTo("CLOSED");
		List<Object> events = campaignEvents(id, 2);
		assertThat(((CampaignPublished) events.get(1)).status()).isEqualTo(CampaignPublished.Status.CLOSED);
		// The close is the later definition by its version, whatever the clocks say.
		assertThat(event.version()).isPositive();
		assertThat(((CampaignPublished) events.get(1)).version()).isGreaterThan(event.version());
	}

	@Test
	void republishesAnEditedCampaignWithTheNextContentVersion() {
		String slug = TestCampaigns.slug("edit");
		UUID id = create(slug);
		this.operator.post("/admin/campaigns/" + id + "/publish", Map.of());
		String editor = this.operator.get("/admin/campaigns/" + id + "/edit").body();
		assertThat(editor).contains("Title en");
		Map<String, String> changed = TestCampaigns.form(slug);
		changed.put("enTitle", "A better title");
		changed.put("revision", revision(editor));

		assertThat(this.operator.post("/admin/campaigns/" + id, changed).statusCode()).isEqualTo(302);

		List<Object> events = campaignEvents(id, 2);
		CampaignPublished edited = (CampaignPublished) events.get(1);
		assertThat(edited.content().get(Language.EN).title()).isEqualTo("A better title");
		assertThat(edited.contentVersion()).isEqualTo(2);
	}

	@Test
	void sendsACorrectionOfChangedStepsOnlyForARunningCampaignWhenTheOperatorConfirms() {
		String slug = TestCampaigns.slug("correct");
		UUID id = create(slug);
		String correction = "/admin/campaigns/" + id + "/correction";
		// The console's answers in English from here on.
		this.operator.get("/admin/campaigns/" + id + "?lang=en");
		try (TopicReader<Object> requests = TopicReader.events(Topics.CORRECTIONS)) {
			// Tried: a correction of a draft, then of a published campaign whose steps
			// never changed; each refused with the reason, nothing sent.
			HttpResponse<String> draft = this.operator.post(correction, Map.of("confirm", "true"));
			assertThat(draft.statusCode()).isEqualTo(400);
			assertThat(draft.body()).contains("Only a published campaign before its deadline");
			this.operator.post("/admin/campaigns/" + id + "/publish", Map.of());
			assertThat(this.operator.get("/admin/campaigns/" + id + "?lang=en").body())
				.doesNotContain("id=\"correction\"");
			HttpResponse<String> unchanged = this.operator.post(correction, Map.of("confirm", "true"));
			assertThat(unchanged.statusCode()).isEqualTo(400);
			assertThat(unchanged.body()).contains("there is nothing to correct");

			String editor = this.operator.get("/admin/campaigns/" + id + "/edit").body();
			Map<String, String> changed = TestCampaigns.form(slug);
			changed.put("enSteps", "Open Privacy\r\n\r\nSwitch off Data for research");
			changed.put("revision", revision(editor));
			assertThat(this.operator.post("/admin/campaigns/" + id, changed).statusCode()).isEqualTo(302);
			assertThat(this.operator.get("/admin/campaigns/" + id + "?lang=en").body()).contains("id=\"correction\"");

			// Tried: without ticking the box, as a viewer, and without the session's
			// token.
			HttpResponse<String> unconfirmed = this.operator.post(correction, Map.of());
			assertThat(unconfirmed.statusCode()).isEqualTo(400);
			assertThat(unconfirmed.body()).contains("Tick the box to confirm that the current steps");
			ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
			viewer.get("/admin/campaigns/" + id);
			assertThat(viewer.post(correction, Map.of("confirm", "true")).statusCode()).isEqualTo(403);
			assertThat(this.operator.postWithoutToken(correction, Map.of("confirm", "true")).statusCode())
				.isEqualTo(403);

			HttpResponse<String> sent = this.operator.post(correction, Map.of("confirm", "true"));
			assertThat(sent.statusCode()).isEqualTo(302);
			assertThat(this.operator.get("/admin/campaigns/" + id + "?lang=en").body())
				.contains("The correction was sent to the notifier");
			CorrectionRequested request = (CorrectionRequested) requests
				.await((record) -> record.value() instanceof CorrectionRequested asked && asked.campaignId().equals(id))
				.value();
			assertThat(request.contentVersion()).isEqualTo(2);
			assertThat(requests.valuesWithKey(id.toString())).as("the refused attempts sent nothing").hasSize(1);

			// Tried: a correction after the campaign closed.
			this.operator.post("/admin/campaigns/" + id + "/close", Map.of("confirm", "true"));
			HttpResponse<String> closed = this.operator.post(correction, Map.of("confirm", "true"));
			assertThat(closed.statusCode()).isEqualTo(400);
			assertThat(closed.body()).contains("Only a published campaign before its deadline");
			assertThat(this.operator
				.post("/admin/campaigns/" + UUID.randomUUID() + "/correction", Map.of("confirm", "true"))
				.statusCode()).isEqualTo(404);
			assertThat(requests.valuesWithKey(id.toString())).hasSize(1);
		}
	}

	@Test
	void keepsTheSlugOfAPublishedCampaign() {
		String slug = TestCampaigns.slug("fixed");
		UUID id = create(slug);
		this.operator.post("/admin/campaigns/" + id + "/publish", Map.of());
		Map<String, String> renamed = TestCampaigns.form(slug + "-renamed");
		renamed.put("revision", revision(this.operator.get("/admin/campaigns/" + id + "/edit").body()));

		HttpResponse<String> response = this.operator.post("/admin/campaigns/" + id, renamed);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("id=\"slug-error\"");
	}

	@Test
	void refusesAnEditMadeOnARevisionSomeoneElseChangedMeanwhile() {
		String slug = TestCampaigns.slug("meanwhile");
		UUID id = create(slug);
		String opened = revision(this.operator.get("/admin/campaigns/" + id + "/edit").body());
		ConsoleClient colleague = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		Map<String, String> theirs = TestCampaigns.form(slug);
		theirs.put("platform", "Their platform");
		theirs.put("revision", revision(colleague.get("/admin/campaigns/" + id + "/edit").body()));
		assertThat(colleague.post("/admin/campaigns/" + id, theirs).statusCode()).isEqualTo(302);
		Map<String, String> mine = TestCampaigns.form(slug);
		mine.put("platform", "My platform");
		mine.put("revision", opened);

		HttpResponse<String> response = this.operator.post("/admin/campaigns/" + id, mine);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).as("in Dutch, the default").contains("Iemand anders heeft deze campagne gewijzigd");
		assertThat(this.jdbc.sql("SELECT platform FROM campaign WHERE id = ?").param(id).query(String.class).single())
			.isEqualTo("Their platform");
	}

	@Test
	void answersBadInputWithAnErrorAtEachFieldAndStoresNothing() {
		String slug = TestCampaigns.slug("bad");
		Map<String, String> form = TestCampaigns.form(slug);
		form.put("deadline", "2020-01-01T00:00");
		form.put("nlSettingUrl", "http://example.net/settings");
		form.put("enTitle", "Title\r\nBcc: someone@example.org");
		form.put("platform", "x".repeat(61));
		form.put("timeZone", "Mars/Olympus");
		form.put("keepDataDays", "many");
		this.operator.get("/admin/campaigns/new");

		HttpResponse<String> response = this.operator.post("/admin/campaigns", form);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("id=\"nlSettingUrl-error\"", "id=\"enTitle-error\"",
				"id=\"platform-error\"", "id=\"timeZone-error\"", "id=\"keepDataDays-error\"", "href=\"#enTitle\"",
				"aria-invalid=\"true\"", "aria-describedby=\"enTitle-error\"");
		assertThat(stored(slug)).isZero();

		Map<String, String> past = TestCampaigns.form(slug);
		past.put("deadline", "2020-01-01T00:00");
		assertThat(this.operator.post("/admin/campaigns", past).body()).contains("id=\"deadline-error\"");
		assertThat(stored(slug)).isZero();
	}

	@Test
	void refusesWavesThatAreNotBeforeTheDeadlineOrNotDistinct() {
		for (String waves : new String[] { "0m", "7d 09:00\n7d 10:00", "1d 09:00\n24h", "14x", "3h 09:00",
				"0d 23:59" }) {
			Map<String, String> form = TestCampaigns.form(TestCampaigns.slug("waves"));
			form.put("deadline", form.get("deadline").substring(0, 10) + "T09:00");
			form.put("waves", waves);
			this.operator.get("/admin/campaigns/new");

			HttpResponse<String> response = this.operator.post("/admin/campaigns", form);

			assertThat(response.statusCode()).as(waves).isEqualTo(400);
			assertThat(response.body()).as(waves).contains("id=\"waves-error\"");
		}
	}

	@Test
	void refusesToPublishOnceTheDeadlineHasPassed() {
		UUID id = create(TestCampaigns.slug("late"));
		this.jdbc.sql("UPDATE campaign SET deadline = now() - interval '1 minute' WHERE id = ?").param(id).update();
		this.operator.get("/admin/campaigns/" + id);

		HttpResponse<String> response = this.operator.post("/admin/campaigns/" + id + "/publish", Map.of());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(status(id)).isEqualTo("DRAFT");
	}

	@Test
	void answersAnUnknownOrGarbledCampaignWithA4xx() {
		assertThat(this.operator.get("/admin/campaigns/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
		assertThat(this.operator.get("/admin/campaigns/not-a-uuid").statusCode()).isEqualTo(400);
	}

	@Test
	void startsANewCampaignFromAnExistingOneWithItsOwnSlugAndDeadline() {
		String sourceSlug = TestCampaigns.slug("source");
		UUID source = create(sourceSlug);
		this.operator.post("/admin/campaigns/" + source + "/publish", Map.of());
		this.operator.post("/admin/campaigns/" + source + "/close", Map.of("confirm", "true"));
		assertThat(this.operator.get("/admin/campaigns").body())
			.contains("href=\"/admin/campaigns/new?from=" + source + "\"");

		HttpResponse<String> page = this.operator.get("/admin/campaigns/new?from=" + source);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"starting-from\"", sourceSlug);
		Map<String, String> filled = FilledForm.read(page.body());
		assertThat(filled.get("slug")).isEmpty();
		assertThat(filled.get("deadline")).isEmpty();
		Map<String, String> expected = TestCampaigns.form(sourceSlug);
		for (String field : List.of("platform", "timeZone", "keepDataDays", "nlTitle", "enSummary", "enSteps",
				"nlSettingUrl", "enRisks", "nlCoverage")) {
			assertThat(filled.get(field).replace("\r\n", "\n").replace("\n\n", "\n")).as(field)
				.isEqualTo(expected.get(field).replace("\r\n", "\n").replace("\n\n", "\n"));
		}
		assertThat(filled.get("waves").lines()).containsExactly("14d 09:00", "7d 09:00", "3h");

		String copySlug = TestCampaigns.slug("copy");
		filled.put("slug", copySlug);
		filled.put("deadline", TestCampaigns.form(copySlug).get("deadline"));
		HttpResponse<String> created = this.operator.post("/admin/campaigns", filled);

		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		assertThat(status(source)).as("the source is left as it was").isEqualTo("CLOSED");
		assertThat(this.jdbc.sql("SELECT status FROM campaign WHERE slug = ?")
			.param(copySlug)
			.query(String.class)
			.single()).isEqualTo("DRAFT");
	}

	@Test
	void answersAStartingPointThatDoesNotExistWithA4xxAndStoresNothing() {
		// Tried: a campaign id nobody made, and an id that is no UUID at all.
		long before = this.jdbc.sql("SELECT count(*) FROM campaign").query(Long.class).single();

		assertThat(this.operator.get("/admin/campaigns/new?from=" + UUID.randomUUID()).statusCode()).isEqualTo(404);
		assertThat(this.operator.get("/admin/campaigns/new?from=linkedin").statusCode()).isEqualTo(400);
		assertThat(this.jdbc.sql("SELECT count(*) FROM campaign").query(Long.class).single()).isEqualTo(before);
	}

	private UUID create(String slug) {
		return TestCampaigns.create(this.operator, slug);
	}

	private static String revision(String editor) {
		Matcher matcher = Pattern.compile("name=\"revision\" value=\"(\\d+)\"").matcher(editor);
		assertThat(matcher.find()).as("the editor carries the revision it shows").isTrue();
		return matcher.group(1);
	}

	private String status(UUID id) {
		return this.jdbc.sql("SELECT status FROM campaign WHERE id = ?").param(id).query(String.class).single();
	}

	private long stored(String slug) {
		return this.jdbc.sql("SELECT count(*) FROM campaign WHERE slug = ?").param(slug).query(Long.class).single();
	}

	/** The campaign's events on its topic, once there are at least {@code count}. */
	private static List<Object> campaignEvents(UUID id, int count) {
		try (TopicReader<Object> reader = TopicReader.events(Topics.CAMPAIGNS)) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> reader.valuesWithKey(id.toString()).size() >= count);
			return reader.valuesWithKey(id.toString());
		}
	}

}

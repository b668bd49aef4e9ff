package nl.tijdig.api.calendar;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.campaign.Campaigns;
import nl.tijdig.events.Language;

import static nl.tijdig.api.ReminderApiIntegrationTest.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deadline's calendar file over HTTP on the real database, as the campaign page and
 * the welcome email link to it.
 */
@ReminderApiIntegrationTest
class CalendarIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Campaigns campaigns;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void servesTheDeadlineAsACalendarEventInTheLanguageOfTheLink() throws Exception {
		Campaign campaign = this.campaigns.findBySlug(DEMO).orElseThrow();

		HttpResponse<String> english = get("/c/" + DEMO + "/deadline.ics?lang=en");
		HttpResponse<String> dutch = get("/c/" + DEMO + "/deadline.ics");

		assertThat(english.statusCode()).isEqualTo(200);
		assertThat(english.headers().firstValue("Content-Type")).hasValue("text/calendar;charset=UTF-8");
		assertThat(english.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"" + DEMO + "-deadline.ics\"");
		VEvent event = CalendarFiles.onlyEvent(english.body());
		assertThat(Instant.from(event.getStartDate().orElseThrow().getDate())).isEqualTo(campaign.deadline());
		assertThat(event.getSummary().getValue()).endsWith(campaign.content(Language.EN).title());
		assertThat(event.getDescription().getValue()).contains(campaign.content(Language.EN).steps().get(0));
		assertThat(CalendarFiles.onlyEvent(dutch.body()).getSummary().getValue())
			.endsWith(campaign.content(Language.NL).title());
	}

	@Test
	void theCampaignPageLinksToItInThePagesLanguage() throws Exception {
		assertThat(get("/c/" + DEMO + "?lang=en").body()).contains("href=\"/c/" + DEMO + "/deadline.ics?lang=en\"");
		assertThat(get("/c/" + DEMO + "?lang=nl").body()).contains("href=\"/c/" + DEMO + "/deadline.ics?lang=nl\"");
	}

	@Test
	void answersAnUnknownCampaignOrLanguageWithAClearErrorAndNoFile() throws Exception {
		// Tried: a slug nobody published, a language the campaigns are not written in,
		// and
		// a language parameter carrying markup.
		HttpResponse<String> unknown = get("/c/no-such-campaign/deadline.ics");
		HttpResponse<String> german = get("/c/" + DEMO + "/deadline.ics?lang=de");
		HttpResponse<String> markup = get("/c/" + DEMO + "/deadline.ics?lang=%3Cscript%3E");

		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(german.statusCode()).isEqualTo(400);
		assertThat(markup.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).doesNotContain("BEGIN:VCALENDAR");
		assertThat(german.body()).doesNotContain("BEGIN:VCALENDAR");
		assertThat(markup.body()).doesNotContain("<script>");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}

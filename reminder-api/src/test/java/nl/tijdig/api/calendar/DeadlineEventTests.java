package nl.tijdig.api.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import net.fortuna.ical4j.model.component.VAlarm;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.Language;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineEventTests {

	private static final Instant DEADLINE = Instant.parse("2025-11-02T23:00:00Z");

	// Commas, semicolons, a backslash and line breaks must be escaped; the long Dutch
	// step with accented letters and an emoji must be folded without splitting a
	// character.
	private static final Content DUTCH = new Content("Zet AI-training uit; vóór 3 november",
			"LinkedIn, standaard aan.\nUitzetten kan altijd.",
			List.of("Open Instellingen & privacy",
					"Kies ‘Gegevensprivacy’ → ‘Gegevens voor het verbeteren van generatieve AI’, en zet de schakelaar uit 🛑 — ook als je denkt dat hij al uit staat, want de standaard is \\aan\\ gezet"),
			"https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement", List.of("risk"), "coverage");

	private final Campaign campaign = new Campaign(UUID.fromString("2d1f6f0e-3c4b-4a59-9f1e-6c1c2d3e4f50"),
			"linkedin-ai", "LinkedIn", Campaign.Status.PUBLISHED, DEADLINE, ZoneId.of("Europe/Amsterdam"), List.of(),
			Map.of(Language.NL, DUTCH), 1, DEADLINE.plus(Duration.ofDays(30)));

	private final DeadlineEvent.Texts texts = new DeadlineEvent.Texts("Deadline", "Zo zet je het uit",
			"Morgen is de deadline");

	@Test
	void isOneEventAtTheDeadlineWithAnAlarmTheDayBefore() throws Exception {
		VEvent event = CalendarFiles.onlyEvent(render(Instant.parse("2025-09-20T10:00:00Z")));

		assertThat(Instant.from(event.getStartDate().orElseThrow().getDate())).isEqualTo(DEADLINE);
		assertThat(event.getEndDate(false)).isEmpty();
		assertThat(event.getSummary().getValue()).isEqualTo("Deadline: Zet AI-training uit; vóór 3 november");
		List<VAlarm> alarms = event.getAlarms();
		assertThat(alarms).hasSize(1);
		assertThat(alarms.get(0).getTrigger().orElseThrow().getDuration()).isEqualTo(Period.ofDays(-1));
	}

	@Test
	void describesTheStepsWordForWord() throws Exception {
		VEvent event = CalendarFiles.onlyEvent(render(Instant.parse("2025-09-20T10:00:00Z")));

		assertThat(event.getDescription().getValue()).isEqualTo("""
				LinkedIn, standaard aan.
				Uitzetten kan altijd.

				Zo zet je het uit:
				1. Open Instellingen & privacy
				2. %s

				https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"""
			.formatted(DUTCH.steps().get(1)));
		assertThat(event.getUrl().getValue()).isEqualTo(DUTCH.settingUrl());
	}

	@Test
	void foldsEveryLineWithinSeventyFiveOctetsAndEndsItWithCrLf() {
		String body = render(Instant.parse("2025-09-20T10:00:00Z"));

		assertThat(body).endsWith("END:VCALENDAR\r\n").doesNotContain("\r\n\r\n");
		assertThat(body.replace("\r\n", "")).doesNotContain("\n");
		for (String line : body.split("\r\n")) {
			assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
			assertThat(line).doesNotContain("\uFFFD");
		}
		assertThat(body.split("\r\n")).anyMatch((line) -> line.startsWith(" "));
	}

	@Test
	void keepsOneIdentityForTheCampaignSoAnUpdateReplacesTheEvent() throws Exception {
		VEvent earlier = CalendarFiles.onlyEvent(render(Instant.parse("2025-09-20T10:00:00Z")));
		VEvent later = CalendarFiles.onlyEvent(render(Instant.parse("2025-10-20T10:00:00Z")));

		assertThat(later.getUid().orElseThrow().getValue()).isEqualTo(earlier.getUid().orElseThrow().getValue())
			.contains(this.campaign.id().toString());
	}

	private String render(Instant stamp) {
		return new DeadlineEvent(this.campaign, Language.NL, this.texts, stamp).render();
	}

}

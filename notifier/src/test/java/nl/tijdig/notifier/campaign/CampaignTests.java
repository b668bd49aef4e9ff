package nl.tijdig.notifier.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.Language;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CampaignTests {

	private static final Content CONTENT = new Content("Title", "Summary", List.of("Step"), "https://example.test",
			List.of("Risk"), "Coverage");

	@Test
	void aDefinitionBecomesTheCampaignTheEmailsAreWrittenFor() {
		Instant deadline = Instant.parse("2025-11-02T23:00:00Z");
		Instant erasure = Instant.parse("2026-02-01T00:00:00Z");
		List<Wave> waves = List.of(new Wave("7d", Duration.ofDays(7), LocalTime.of(9, 0)));
		CampaignPublished published = published("Europe/Amsterdam", deadline, waves, erasure);

		Campaign campaign = Campaign.of(published);

		assertThat(campaign).isEqualTo(new Campaign(published.campaignId(), "slug", CampaignPublished.Status.PUBLISHED,
				"Testnet", deadline, ZoneId.of("Europe/Amsterdam"), waves, Map.of(Language.EN, CONTENT), 3, erasure));
	}

	@Test
	void aDefinitionWithoutAValidTimeZoneOrDeadlineIsRefused() {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> Campaign.of(published("Mars/Olympus", Instant.now(), List.of(), null)))
			.withMessageContaining("Mars/Olympus");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> Campaign.of(published("Europe/Amsterdam", null, List.of(), null)))
			.withMessageContaining("deadline");
	}

	private static CampaignPublished published(String timeZone, Instant deadline, List<Wave> waves, Instant erasure) {
		return new CampaignPublished(UUID.randomUUID(), Instant.now(), CampaignPublished.SCHEMA_VERSION,
				UUID.randomUUID(), "slug", CampaignPublished.Status.PUBLISHED, "Testnet", deadline, timeZone, waves,
				Map.of(Language.EN, CONTENT), 3, erasure);
	}

}

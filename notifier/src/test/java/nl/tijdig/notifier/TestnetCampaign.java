package nl.tijdig.notifier;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;

/**
 * The campaign the notifier's tests write emails for: "Testnet", in Dutch and English,
 * with waves 14 and 7 days before the deadline at 09:00 in Amsterdam.
 */
public final class TestnetCampaign {

	public static final Content DUTCH = new Content("Testnet en jouw gegevens", "Testnet wil je gegevens gebruiken.",
			List.of("Open de instellingen", "Zet het uit"), "https://testnet.example/instellingen",
			List.of("Je verliest de controle.", "Je berichten worden trainingsmateriaal."), "Je profiel.");

	public static final Content ENGLISH = new Content("Testnet and your data", "Testnet wants to use your data.",
			List.of("Open the settings", "Switch it off"), "https://testnet.example/settings",
			List.of("You lose control.", "Your posts become training material."), "Your profile.");

	public static final String TIME_ZONE = "Europe/Amsterdam";

	private TestnetCampaign() {
	}

	/**
	 * The definition as published at {@code time}; its data is kept 50 days past the
	 * deadline.
	 */
	public static CampaignPublished published(UUID campaignId, Instant time, Instant deadline,
			Map<Language, Content> content) {
		return new CampaignPublished(UUID.randomUUID(), time, CampaignPublished.SCHEMA_VERSION, campaignId,
				slug(campaignId), CampaignPublished.Status.PUBLISHED, "Testnet", deadline, TIME_ZONE,
				List.of(new Wave("14d", Duration.ofDays(14), LocalTime.of(9, 0)),
						new Wave("7d", Duration.ofDays(7), LocalTime.of(9, 0))),
				content, 1, deadline.plus(Duration.ofDays(50)));
	}

	/** Ten days ahead, in both languages. */
	public static CampaignPublished published(UUID campaignId, Instant time) {
		return published(campaignId, time, Instant.now().plus(Duration.ofDays(10)),
				Map.of(Language.NL, DUTCH, Language.EN, ENGLISH));
	}

	public static String slug(UUID campaignId) {
		return "test-" + campaignId.toString().substring(0, 8);
	}

}

package nl.tijdig.events;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;

/** One sample of each event, matching the JSON fixtures under {@code fixtures/}. */
final class EventFixtures {

	static final UUID CAMPAIGN = UUID.fromString("6f1c1f0e-54b4-4c6b-9a8e-2f0c8f3c1a01");

	static final UUID SUBSCRIBER = UUID.fromString("0d7e0a4e-3b1f-4a52-8f57-1a2b3c4d5e6f");

	static final Instant TIME = Instant.parse("2025-10-20T07:00:00Z");

	private EventFixtures() {
	}

	static Map<String, TijdigEvent> byFixture() {
		// Map.of takes ten pairs at most.
		Map<String, TijdigEvent> fixtures = new HashMap<>(Map.of("campaign-published.json", campaignPublished(),
				"subscription-changed.json", new SubscriptionChanged(uuid(2), TIME, 1, SUBSCRIBER, CAMPAIGN,
						"anna@example.nl", Language.NL, SubscriptionStatus.CONFIRMED,
						SubscriptionChanged.Change.CONFIRMED, Instant.parse("2025-10-01T10:15:30Z"), 7L),
				"reminder-requested.json",
				new ReminderRequested(
						uuid(3), TIME, 1, SUBSCRIBER, CAMPAIGN, MessageKind.WAVE_REMINDER, "wave:14d", "14d", 7L),
				"delivery-recorded.json",
				new DeliveryRecorded(uuid(4), TIME, 1, SUBSCRIBER, CAMPAIGN, MessageKind.WAVE_REMINDER, "wave:14d",
						"14d", DeliveryOutcome.SUPPRESSED, "unsubscribed"),
				"wave-progressed.json",
				new WaveProgressed(uuid(5), TIME, 1, CAMPAIGN, "14d", WaveProgressed.Phase.FANNED_OUT, 12500),
				"preview-requested.json", new PreviewRequested(uuid(6), TIME, 1, campaignPublished(),
						MessageKind.WAVE_REMINDER, "14d", Language.NL, "operator@example.nl", TIME.plusSeconds(30)),
				"preview-rendered.json",
				new PreviewRendered(uuid(7), TIME, 1, uuid(6), Language.EN, "Switch it off", "Text part",
						"<p>HTML part</p>", PreviewRendered.TestSend.FAILED, "550 mailbox unavailable"),
				"sending-state-changed.json",
				new SendingStateChanged(uuid(8), TIME, 1, null, SendingStateChanged.State.PAUSED,
						TIME.minusSeconds(300), 0, null, CAMPAIGN, 7L, 2000L),
				"suppression-lift-requested.json", new SuppressionLiftRequested(uuid(9), TIME, 1, "anna@example.nl"),
				"sending-resume-requested.json",
				new SendingResumeRequested(uuid(9), TIME, 1, CAMPAIGN, TIME.minusSeconds(300), "anna")));
		fixtures.put("correction-requested.json",
				new CorrectionRequested(UUID.fromString("00000000-0000-4000-8000-000000000010"), TIME, 1, CAMPAIGN, 3));
		return Map.copyOf(fixtures);
	}

	/**
	 * Events as written before versions, matching the {@code *-without-version.json}
	 * fixtures: still read, with the version {@link Versions#NONE}; and an instance's
	 * pause as written before campaigns could pause, read without a campaign.
	 */
	static Map<String, TijdigEvent> withoutVersion() {
		CampaignPublished campaign = campaignPublished();
		return Map.of(
				"campaign-published-without-version.json", new CampaignPublished(campaign.id(), campaign.time(),
						campaign.schemaVersion(), campaign.campaignId(), campaign.slug(), campaign.status(),
						campaign.platform(), campaign.deadline(), campaign.timeZone(), campaign.waves(),
						campaign.content(), campaign.contentVersion(), campaign.dataErasureAt()),
				"reminder-requested-without-version.json",
				new ReminderRequested(
						uuid(3), TIME, 1, SUBSCRIBER, CAMPAIGN, MessageKind.WAVE_REMINDER, "wave:14d", "14d"),
				"subscription-changed-without-version.json",
				new SubscriptionChanged(uuid(2), TIME, 1, SUBSCRIBER, CAMPAIGN, "anna@example.nl", Language.NL,
						SubscriptionStatus.CONFIRMED, SubscriptionChanged.Change.CONFIRMED,
						Instant.parse("2025-10-01T10:15:30Z")),
				"sending-state-changed-of-an-instance.json",
				new SendingStateChanged(uuid(8), TIME, 1, "notifier-7f9c", SendingStateChanged.State.PAUSED,
						TIME.minusSeconds(300), 5, "554 5.7.1 <[address]>: Relay access denied"));
	}

	private static CampaignPublished campaignPublished() {
		Content english = new Content("LinkedIn trains AI on your profile", "Switch it off before 3 November 2025.",
				List.of("Settings & Privacy", "Data privacy", "Data for Generative AI Improvement"),
				"https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement",
				List.of("Data inside a model cannot be taken back."), "Profile and public posts; not messages.");
		return new CampaignPublished(uuid(1), TIME, 1, CAMPAIGN, "linkedin-ai", CampaignPublished.Status.PUBLISHED,
				"LinkedIn", Instant.parse("2025-11-02T23:00:00Z"), "Europe/Amsterdam",
				List.of(new Wave("14d", Duration.ofDays(14), LocalTime.of(9, 0)),
						new Wave("3m", Duration.ofMinutes(3), null)),
				Map.of(Language.EN, english), 3, Instant.parse("2025-12-03T00:00:00Z"), 12L);
	}

	private static UUID uuid(int n) {
		return UUID.fromString("00000000-0000-4000-8000-00000000000" + n);
	}

}

package nl.tijdig.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Status;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Versions;

/** Campaign definitions as the API publishes them, for a fresh campaign per test. */
public final class TestCampaigns {

	public static final String ZONE = "Europe/Amsterdam";

	private TestCampaigns() {
	}

	/** A published campaign with waves at fixed offsets before the deadline. */
	public static CampaignPublished published(UUID campaignId, Instant deadline, Wave... waves) {
		return campaign(campaignId, Status.PUBLISHED, deadline, Instant.now(), waves);
	}

	public static CampaignPublished campaign(UUID campaignId, Status status, Instant deadline, Instant time,
			Wave... waves) {
		return campaign(campaignId, status, deadline, time, Versions.NONE, waves);
	}

	/**
	 * @param time as the clock of the reminder-api instance that published it read
	 * @param version the campaign's revision
	 */
	public static CampaignPublished campaign(UUID campaignId, Status status, Instant deadline, Instant time,
			long version, Wave... waves) {
		return new CampaignPublished(UUID.randomUUID(), time, CampaignPublished.SCHEMA_VERSION, campaignId,
				"test-" + campaignId, status, "LinkedIn", deadline, ZONE, Arrays.asList(waves), Map.of(), 1,
				deadline.plus(Duration.ofDays(30)), version);
	}

	/** A wave that goes out exactly {@code before} the deadline. */
	public static Wave before(String key, Duration before) {
		return new Wave(key, before, null);
	}

	public static List<Wave> waves(Wave... waves) {
		return List.of(waves);
	}

}

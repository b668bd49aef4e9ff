package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Progress of one wave of a campaign.
 *
 * @param count subscribers the wave was fanned out to so far (0 when it started)
 */
public record WaveProgressed(UUID id, Instant time, int schemaVersion, UUID campaignId, String waveKey, Phase phase,
		long count) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public static WaveProgressed of(UUID campaignId, String waveKey, Phase phase, long count, Instant time) {
		return new WaveProgressed(UUID.randomUUID(), time, SCHEMA_VERSION, campaignId, waveKey, phase, count);
	}

	/** The steps of a wave, in order. */
	public enum Phase {

		STARTED, FANNED_OUT, FINISHED

	}

}

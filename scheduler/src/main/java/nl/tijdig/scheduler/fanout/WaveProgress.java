package nl.tijdig.scheduler.fanout;

import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.Topics;
import nl.tijdig.events.WaveProgressed;
import nl.tijdig.events.WaveProgressed.Phase;
import nl.tijdig.outbox.Outbox;

import org.springframework.stereotype.Component;

/**
 * Reports each wave's progress on {@code tijdig.waves}, keyed by campaign so a campaign's
 * progress arrives in order, through the outbox in the transaction of the step it
 * reports.
 */
@Component
class WaveProgress {

	private final Outbox outbox;

	WaveProgress(Outbox outbox) {
		this.outbox = outbox;
	}

	void report(UUID campaignId, String waveKey, Phase phase, long count, Instant now) {
		this.outbox.append(Topics.WAVES, campaignId.toString(),
				WaveProgressed.of(campaignId, waveKey, phase, count, now));
	}

}

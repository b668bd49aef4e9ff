package nl.tijdig.scheduler.wave;

import java.util.List;
import java.util.Optional;

/**
 * What to do about a campaign's plan at one instant.
 *
 * @param dispatch the one message to send now, if any
 * @param skip waves that were missed and will never be sent: a later wave is due, or the
 * deadline has passed
 */
public record WaveDecision(Optional<ScheduledWave> dispatch, List<ScheduledWave> skip) {

	public WaveDecision {
		skip = List.copyOf(skip);
	}

	static WaveDecision nothing() {
		return new WaveDecision(Optional.empty(), List.of());
	}

}

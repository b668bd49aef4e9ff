package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An operator asks the notifier to send a campaign's messages again after the complaint
 * rate paused them. Names the pause it ends by its {@code since}, as the notifier wrote
 * it: a request that comes after a newer pause began ends nothing.
 *
 * @param campaignId the campaign; the record's key
 * @param pausedSince the {@link SendingStateChanged#since()} of the pause to end
 * @param operator who asked, for the log
 */
public record SendingResumeRequested(UUID id, Instant time, int schemaVersion, UUID campaignId, Instant pausedSince,
		String operator) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public static SendingResumeRequested of(UUID campaignId, Instant pausedSince, String operator, Instant time) {
		return new SendingResumeRequested(UUID.randomUUID(), time, SCHEMA_VERSION, campaignId, pausedSince, operator);
	}

}

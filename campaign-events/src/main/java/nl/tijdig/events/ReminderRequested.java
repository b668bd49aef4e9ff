package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Send one message to one subscriber. Carries ids only: the notifier looks the address up
 * in its own projection of {@link Topics#SUBSCRIBERS}.
 *
 * @param messageKey identifies the message within the subscriber's campaign (e.g.
 * {@code wave:14d} or {@code confirmation:2}); together with the subscriber id it is the
 * key under which the notifier sends at most once
 * @param waveKey the wave this message belongs to, {@code null} for other kinds
 */
public record ReminderRequested(UUID id, Instant time, int schemaVersion, UUID subscriberId, UUID campaignId,
		MessageKind kind, String messageKey, String waveKey) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public static ReminderRequested of(UUID subscriberId, UUID campaignId, MessageKind kind, String messageKey,
			String waveKey, Instant time) {
		return new ReminderRequested(UUID.randomUUID(), time, SCHEMA_VERSION, subscriberId, campaignId, kind,
				messageKey, waveKey);
	}

}

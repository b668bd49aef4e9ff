package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The outcome of one message, for the operators' numbers.
 *
 * @param detail a short reason for anything but {@link DeliveryOutcome#SENT}, never
 * personal data
 */
public record DeliveryRecorded(UUID id, Instant time, int schemaVersion, UUID subscriberId, UUID campaignId,
		MessageKind kind, String messageKey, String waveKey, DeliveryOutcome outcome,
		String detail) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public static DeliveryRecorded of(UUID subscriberId, UUID campaignId, MessageKind kind, String messageKey,
			String waveKey, DeliveryOutcome outcome, String detail, Instant time) {
		return new DeliveryRecorded(UUID.randomUUID(), time, SCHEMA_VERSION, subscriberId, campaignId, kind, messageKey,
				waveKey, outcome, detail);
	}

}

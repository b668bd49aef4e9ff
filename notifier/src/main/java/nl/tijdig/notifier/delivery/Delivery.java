package nl.tijdig.notifier.delivery;

import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;

/**
 * One row of the delivery log as the sending side sees it.
 *
 * @param requestedAt when it was requested: the time of the {@link ReminderRequested}
 * @param attempts how many times a sending thread took it, this time included
 * @param claimToken what the sending thread that took it wrote into the row; it owns the
 * row only as long as the row still says so. {@code null} for a row the listener has just
 * claimed in its own transaction
 */
record Delivery(UUID subscriberId, String messageKey, UUID campaignId, MessageKind kind, String waveKey,
		Instant requestedAt, int attempts, UUID claimToken) {

	static Delivery of(ReminderRequested reminder) {
		return new Delivery(reminder.subscriberId(), reminder.messageKey(), reminder.campaignId(), reminder.kind(),
				reminder.waveKey(), reminder.time(), 0, null);
	}

	String describe() {
		return "message '" + this.messageKey + "' to subscriber " + this.subscriberId;
	}

}

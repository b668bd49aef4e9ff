package nl.tijdig.notifier.delivery;

import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.Topics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Where {@code tijdig.reminders} comes in. A record that cannot be read, or breaks the
 * contract (no subscriber or message, a key that is not its subscriber), goes to
 * {@code tijdig.reminders-dlt} at once; the consumer goes on.
 */
@Component
class ReminderListener {

	private final Claims claims;

	ReminderListener(Claims claims) {
		this.claims = claims;
	}

	@KafkaListener(id = "notifier-reminders", idIsGroup = false, topics = Topics.REMINDERS)
	void on(ReminderRequested reminder, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
		if (!InvalidEventException.required(reminder.subscriberId(), "subscriberId").toString().equals(key)) {
			throw new InvalidEventException("Key does not match subscriberId");
		}
		InvalidEventException.required(reminder.campaignId(), "campaignId");
		InvalidEventException.required(reminder.kind(), "kind");
		InvalidEventException.required(reminder.time(), "time");
		if (InvalidEventException.required(reminder.messageKey(), "messageKey").isBlank()) {
			throw new InvalidEventException("Blank attribute 'messageKey'");
		}
		this.claims.claim(reminder);
	}

}

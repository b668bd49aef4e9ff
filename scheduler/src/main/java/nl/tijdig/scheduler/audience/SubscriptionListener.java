package nl.tijdig.scheduler.audience;

import java.util.UUID;

import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.Topics;
import nl.tijdig.events.InvalidEventException;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

import static nl.tijdig.events.InvalidEventException.required;

/** Reads {@code tijdig.subscribers}: each change of a subscription, or its erasure. */
@Component
class SubscriptionListener {

	private final Audience audience;

	SubscriptionListener(Audience audience) {
		this.audience = audience;
	}

	/**
	 * @param change the resulting state; {@code null} for a tombstone, which is how the
	 * API erases a subscriber
	 */
	@KafkaListener(topics = Topics.SUBSCRIBERS)
	void on(@Header(KafkaHeaders.RECEIVED_KEY) String key, @Payload(required = false) SubscriptionChanged change) {
		UUID subscriberId = subscriberId(key);
		if (change == null) {
			this.audience.erase(subscriberId);
			return;
		}
		required(change.id(), "id");
		required(change.time(), "time");
		required(change.campaignId(), "campaignId");
		required(change.status(), "status");
		required(change.change(), "change");
		if (!subscriberId.equals(change.subscriberId())) {
			throw new InvalidEventException("Key " + key + " is not the subscriber id of event " + change.id());
		}
		this.audience.apply(change);
	}

	private static UUID subscriberId(String key) {
		try {
			return UUID.fromString(required(key, "key"));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEventException("Key is not a subscriber id: " + key);
		}
	}

}

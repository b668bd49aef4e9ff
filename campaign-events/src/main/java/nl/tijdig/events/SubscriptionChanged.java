package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A subscription changed; carries the whole resulting state, so the latest event per
 * subscriber is all a consumer needs (the topic is compacted).
 *
 * @param change what happened, e.g. a new sign-up or a request to resend the confirmation
 * @param confirmedAt when the double opt-in happened, {@code null} while pending
 * @param version the subscription's version: reminder-api counts it up in the transaction
 * of each change, so of two states of one subscriber the higher version is the later,
 * whichever clock stamped {@code time}; {@code 0} in events written before versions
 * (absent in their JSON), which leave the order to Kafka's (see {@link Versions})
 */
public record SubscriptionChanged(UUID id, Instant time, int schemaVersion, UUID subscriberId, UUID campaignId,
		String email, Language language, SubscriptionStatus status, Change change, Instant confirmedAt,
		Long version) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public SubscriptionChanged {
		// Boxed so that an event without the field reads; never null once read.
		version = (version != null) ? version : Versions.NONE;
	}

	/** An event as written before subscriptions had versions. */
	public SubscriptionChanged(UUID id, Instant time, int schemaVersion, UUID subscriberId, UUID campaignId,
			String email, Language language, SubscriptionStatus status, Change change, Instant confirmedAt) {
		this(id, time, schemaVersion, subscriberId, campaignId, email, language, status, change, confirmedAt,
				Versions.NONE);
	}

	public static SubscriptionChanged of(UUID subscriberId, UUID campaignId, String email, Language language,
			SubscriptionStatus status, Change change, Instant confirmedAt, Instant time, long version) {
		return new SubscriptionChanged(UUID.randomUUID(), time, SCHEMA_VERSION, subscriberId, campaignId, email,
				language, status, change, confirmedAt, version);
	}

	/** An event without a version, as written before subscriptions had one. */
	public static SubscriptionChanged of(UUID subscriberId, UUID campaignId, String email, Language language,
			SubscriptionStatus status, Change change, Instant confirmedAt, Instant time) {
		return of(subscriberId, campaignId, email, language, status, change, confirmedAt, time, Versions.NONE);
	}

	/** The change that produced this state. */
	public enum Change {

		SIGNED_UP, CONFIRMATION_REQUESTED, CONFIRMED, SWITCHED_OFF, UNSUBSCRIBED

	}

}

package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A subscription changed; carries the whole resulting state, so the latest event per
 * subscriber is all a consumer needs (the topic is compacted).
 *
 * @param change what happened, e.g. a new sign-up or a request to resend the confirmation
 * @param confirmedAt when the double opt-in happened, {@code null} while pending
 */
public record SubscriptionChanged(UUID id, Instant time, int schemaVersion, UUID subscriberId, UUID campaignId,
		String email, Language language, SubscriptionStatus status, Change change,
		Instant confirmedAt) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public static SubscriptionChanged of(UUID subscriberId, UUID campaignId, String email, Language language,
			SubscriptionStatus status, Change change, Instant confirmedAt, Instant time) {
		return new SubscriptionChanged(UUID.randomUUID(), time, SCHEMA_VERSION, subscriberId, campaignId, email,
				language, status, change, confirmedAt);
	}

	/** The change that produced this state. */
	public enum Change {

		SIGNED_UP, CONFIRMATION_REQUESTED, CONFIRMED, SWITCHED_OFF, UNSUBSCRIBED

	}

}

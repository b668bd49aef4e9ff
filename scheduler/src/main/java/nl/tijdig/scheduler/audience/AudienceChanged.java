package nl.tijdig.scheduler.audience;

import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;

/**
 * A subscription change was applied to the audience for the first time. Published
 * synchronously inside the transaction that applied it, so whatever a listener writes
 * (through the outbox) commits or rolls back with the projection. Neither a redelivered
 * nor a stale change is published.
 *
 * @param eventId the id of the {@link SubscriptionChanged} event that caused it
 * @param time when the change happened
 */
public record AudienceChanged(UUID eventId, Instant time, UUID subscriberId, UUID campaignId, SubscriptionStatus status,
		SubscriptionChanged.Change change) {

	static AudienceChanged of(SubscriptionChanged event) {
		return new AudienceChanged(event.id(), event.time(), event.subscriberId(), event.campaignId(), event.status(),
				event.change());
	}

}

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
 * @param confirmedAt when the subscriber confirmed, {@code null} while pending
 * @param previousStatus the status before this change, {@code null} for someone new to
 * the audience
 * @param version the subscription's version after the change, for the requests it causes
 */
public record AudienceChanged(UUID eventId, Instant time, UUID subscriberId, UUID campaignId, SubscriptionStatus status,
		SubscriptionChanged.Change change, Instant confirmedAt, SubscriptionStatus previousStatus, long version) {

	static AudienceChanged of(SubscriptionChanged event, SubscriptionStatus previousStatus) {
		return new AudienceChanged(event.id(), event.time(), event.subscriberId(), event.campaignId(), event.status(),
				event.change(), event.confirmedAt(), previousStatus, event.version());
	}

	/** Whether this change made the subscriber confirmed, rather than kept them so. */
	public boolean becameConfirmed() {
		return this.status == SubscriptionStatus.CONFIRMED && this.previousStatus != SubscriptionStatus.CONFIRMED;
	}

}

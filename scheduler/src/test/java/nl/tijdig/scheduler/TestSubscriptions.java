package nl.tijdig.scheduler;

import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Versions;

/** Subscription changes as the API publishes them, for a fresh subscriber per test. */
public final class TestSubscriptions {

	private TestSubscriptions() {
	}

	public static SubscriptionChanged signedUp(UUID subscriberId, Instant time) {
		return change(subscriberId, SubscriptionStatus.PENDING, Change.SIGNED_UP, null, time);
	}

	public static SubscriptionChanged confirmed(UUID subscriberId, Instant time) {
		return change(subscriberId, SubscriptionStatus.CONFIRMED, Change.CONFIRMED, time, time);
	}

	public static SubscriptionChanged change(UUID subscriberId, SubscriptionStatus status, Change change,
			Instant confirmedAt, Instant time) {
		return change(subscriberId, UUID.randomUUID(), status, change, confirmedAt, time);
	}

	public static SubscriptionChanged change(UUID subscriberId, UUID campaignId, SubscriptionStatus status,
			Change change, Instant confirmedAt, Instant time) {
		return change(subscriberId, campaignId, status, change, confirmedAt, time, Versions.NONE);
	}

	/**
	 * @param time as the clock of the reminder-api instance that made the change read
	 * @param version the subscription's version after the change
	 */
	public static SubscriptionChanged change(UUID subscriberId, UUID campaignId, SubscriptionStatus status,
			Change change, Instant confirmedAt, Instant time, long version) {
		return SubscriptionChanged.of(subscriberId, campaignId, "someone+" + subscriberId + "@example.org", Language.NL,
				status, change, confirmedAt, time, version);
	}

}

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
 * @param subscriptionVersion the version of the subscription the request was decided on
 * ({@link SubscriptionChanged#version()}): a projection of the subscriber at a lower
 * version has not seen that state yet; {@link Versions#NONE} if unknown (absent in events
 * written before versions)
 */
public record ReminderRequested(UUID id, Instant time, int schemaVersion, UUID subscriberId, UUID campaignId,
		MessageKind kind, String messageKey, String waveKey, Long subscriptionVersion) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public ReminderRequested {
		// Boxed so that an event without the field reads; never null once read.
		subscriptionVersion = (subscriptionVersion != null) ? subscriptionVersion : Versions.NONE;
	}

	/** A request as written before subscriptions had versions. */
	public ReminderRequested(UUID id, Instant time, int schemaVersion, UUID subscriberId, UUID campaignId,
			MessageKind kind, String messageKey, String waveKey) {
		this(id, time, schemaVersion, subscriberId, campaignId, kind, messageKey, waveKey, Versions.NONE);
	}

	public static ReminderRequested of(UUID subscriberId, UUID campaignId, MessageKind kind, String messageKey,
			String waveKey, Instant time, long subscriptionVersion) {
		return new ReminderRequested(UUID.randomUUID(), time, SCHEMA_VERSION, subscriberId, campaignId, kind,
				messageKey, waveKey, subscriptionVersion);
	}

	/** A request without the subscription's version. */
	public static ReminderRequested of(UUID subscriberId, UUID campaignId, MessageKind kind, String messageKey,
			String waveKey, Instant time) {
		return of(subscriberId, campaignId, kind, messageKey, waveKey, time, Versions.NONE);
	}

}

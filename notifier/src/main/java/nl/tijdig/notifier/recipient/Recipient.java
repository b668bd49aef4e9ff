package nl.tijdig.notifier.recipient;

import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Versions;

/**
 * Someone the notifier may write to, as the latest subscription event described them.
 *
 * @param asOf the time of that event, by the clock of the instance that wrote it
 * @param version the subscription's version in that event: a request decided on a higher
 * one knows more than the projection does yet; {@link Versions#NONE} if unknown
 */
public record Recipient(UUID subscriberId, UUID campaignId, String email, Language language, SubscriptionStatus status,
		Instant asOf, long version) {

	/** Someone written to outside the delivery log (a preview, a test send): no state. */
	public Recipient(UUID subscriberId, UUID campaignId, String email, Language language, SubscriptionStatus status,
			Instant asOf) {
		this(subscriberId, campaignId, email, language, status, asOf, Versions.NONE);
	}

}

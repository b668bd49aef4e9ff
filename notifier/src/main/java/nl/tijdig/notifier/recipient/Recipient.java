package nl.tijdig.notifier.recipient;

import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionStatus;

/**
 * Someone the notifier may write to, as the latest subscription event described them.
 *
 * @param asOf the time of that event: a request made after it may know more than the
 * projection does yet
 */
public record Recipient(UUID subscriberId, UUID campaignId, String email, Language language, SubscriptionStatus status,
		Instant asOf) {

}

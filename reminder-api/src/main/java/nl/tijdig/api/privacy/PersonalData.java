package nl.tijdig.api.privacy;

import java.time.Instant;
import java.util.List;

/**
 * The JSON a person downloads from their link, or an operator from an address lookup.
 *
 * @param subscriptions one per campaign the address signed up for
 */
record PersonalData(Instant exportedAt, List<SubscriptionRecord> subscriptions) {
}

package nl.tijdig.scheduler.audience;

import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;

/**
 * One subscriber as the scheduler knows them: no address, just enough to decide who gets
 * which reminder.
 *
 * @param lastEventTime the time of the change this state comes from, by the clock of the
 * instance that made it: for people, not for ordering
 * @param version the subscription's version after that change; a lower one never
 * overwrites it
 */
record AudienceMember(UUID subscriberId, UUID campaignId, SubscriptionStatus status, Language language,
		Instant confirmedAt, Instant lastEventTime, long version) {

	static AudienceMember of(SubscriptionChanged event) {
		return new AudienceMember(event.subscriberId(), event.campaignId(), event.status(), event.language(),
				event.confirmedAt(), event.time(), event.version());
	}

}

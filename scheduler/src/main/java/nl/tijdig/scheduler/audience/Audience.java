package nl.tijdig.scheduler.audience;

import java.util.UUID;

import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.scheduler.inbox.ProcessedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies subscription changes to the audience. Each change is one transaction: the inbox
 * mark, the projection and whatever {@link AudienceChanged} listeners write commit
 * together.
 */
@Service
class Audience {

	private static final Logger logger = LoggerFactory.getLogger(Audience.class);

	private final ProcessedEvents processedEvents;

	private final AudienceMembers members;

	private final ApplicationEventPublisher events;

	Audience(ProcessedEvents processedEvents, AudienceMembers members, ApplicationEventPublisher events) {
		this.processedEvents = processedEvents;
		this.members = members;
		this.events = events;
	}

	@Transactional
	void apply(SubscriptionChanged change) {
		if (!this.processedEvents.markProcessed(change.id())) {
			logger.debug("Skipped redelivered subscription change {}", change.id());
			return;
		}
		SubscriptionStatus previousStatus = this.members.find(change.subscriberId())
			.map(AudienceMember::status)
			.orElse(null);
		if (!this.members.save(AudienceMember.of(change))) {
			logger.debug("Skipped subscription change {}: subscriber {} has a later state", change.id(),
					change.subscriberId());
			return;
		}
		this.events.publishEvent(AudienceChanged.of(change, previousStatus));
	}

	/** The subscriber asked to be forgotten: no trace of them stays in the audience. */
	@Transactional
	void erase(UUID subscriberId) {
		this.members.delete(subscriberId);
	}

}

package nl.tijdig.api.campaign;

import java.time.Clock;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import nl.tijdig.events.Topics;
import nl.tijdig.outbox.Outbox;

/**
 * Puts each campaign revision that is not on {@code tijdig.campaigns} yet into the
 * outbox. Runs at start-up (seeded campaigns, changes made while Kafka was away) and
 * after every change.
 */
@Component
public class CampaignPublication {

	private final Campaigns campaigns;

	private final Outbox outbox;

	private final Clock clock;

	CampaignPublication(Campaigns campaigns, Outbox outbox, Clock clock) {
		this.campaigns = campaigns;
		this.outbox = outbox;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Transactional
	public void publishPending() {
		for (Campaigns.Revision revision : this.campaigns.lockUnpublished()) {
			Campaign campaign = this.campaigns.findById(revision.id()).orElseThrow();
			this.outbox.append(Topics.CAMPAIGNS, campaign.id().toString(),
					campaign.toEvent(this.clock.instant(), revision.revision()));
			this.campaigns.markPublished(revision);
		}
	}

}

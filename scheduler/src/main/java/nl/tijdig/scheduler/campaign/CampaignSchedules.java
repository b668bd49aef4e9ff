package nl.tijdig.scheduler.campaign;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.scheduler.wave.WavePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The campaigns' wave plans: applies each definition from {@code tijdig.campaigns} and
 * tells the rest of the service, and answers what a published campaign's plan is now.
 */
@Service
public class CampaignSchedules {

	private static final Logger logger = LoggerFactory.getLogger(CampaignSchedules.class);

	private final Campaigns campaigns;

	private final ApplicationEventPublisher events;

	CampaignSchedules(Campaigns campaigns, ApplicationEventPublisher events) {
		this.campaigns = campaigns;
		this.events = events;
	}

	/**
	 * Stores the definition unless a later one is stored, and publishes
	 * {@link CampaignChanged} in the same transaction.
	 * @param plan the validated plan of a published campaign, {@code null} for a closed
	 * one
	 */
	@Transactional
	void apply(CampaignPublished campaign, WavePlan plan) {
		if (!this.campaigns.save(campaign)) {
			logger.debug("Skipped campaign definition {}: campaign {} has a later one", campaign.id(),
					campaign.campaignId());
			return;
		}
		this.events.publishEvent(new CampaignChanged(campaign.campaignId(), plan));
	}

	@Transactional
	void remove(UUID campaignId) {
		this.campaigns.delete(campaignId);
		this.events.publishEvent(new CampaignChanged(campaignId, null));
	}

	/**
	 * The plan of a campaign that is published now; empty for a closed, removed or
	 * unknown one.
	 */
	@Transactional(readOnly = true)
	public Optional<WavePlan> publishedPlan(UUID campaignId) {
		return this.campaigns.find(campaignId).filter(Campaigns.Stored::isPublished).flatMap(this::plan);
	}

	/** The ids of every published campaign. */
	@Transactional(readOnly = true)
	public List<UUID> published() {
		return this.campaigns.publishedIds();
	}

	private Optional<WavePlan> plan(Campaigns.Stored campaign) {
		try {
			return Optional.of(WavePlan.of(campaign.deadline(), campaign.timeZone(), campaign.waves()));
		}
		catch (InvalidEventException ex) {
			// Published definitions are validated before they are stored; only a row
			// written by an earlier version could fail here.
			logger.warn("Campaign {} has no valid wave plan: {}", campaign.id(), ex.getMessage());
			return Optional.empty();
		}
	}

}

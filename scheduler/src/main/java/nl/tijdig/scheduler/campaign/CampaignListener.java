package nl.tijdig.scheduler.campaign;

import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.Topics;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.scheduler.wave.WavePlan;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

import static nl.tijdig.events.InvalidEventException.required;

/** Reads {@code tijdig.campaigns}: the full current definition of each campaign. */
@Component
class CampaignListener {

	private final CampaignSchedules campaigns;

	CampaignListener(CampaignSchedules campaigns) {
		this.campaigns = campaigns;
	}

	/**
	 * @param campaign the definition; {@code null} for a tombstone, should a campaign
	 * ever be removed from the compacted topic
	 */
	@KafkaListener(topics = Topics.CAMPAIGNS)
	void on(@Header(KafkaHeaders.RECEIVED_KEY) String key, @Payload(required = false) CampaignPublished campaign) {
		UUID campaignId = campaignId(key);
		if (campaign == null) {
			this.campaigns.remove(campaignId);
			return;
		}
		required(campaign.time(), "time");
		required(campaign.status(), "status");
		required(campaign.deadline(), "deadline");
		required(campaign.timeZone(), "timeZone");
		if (!campaignId.equals(campaign.campaignId())) {
			throw new InvalidEventException("Key " + key + " is not the campaign id of event " + campaign.id());
		}
		this.campaigns.apply(campaign, plan(campaign));
	}

	/**
	 * Plans a published campaign's waves before anything is stored, so an invalid
	 * definition goes to the dead-letter topic with its reason instead of being applied
	 * in part. A closed campaign sends nothing, so its waves need not be valid: refusing
	 * it would keep the campaign open here.
	 */
	private static WavePlan plan(CampaignPublished campaign) {
		if (campaign.status() != CampaignPublished.Status.PUBLISHED) {
			return null;
		}
		try {
			return WavePlan.of(campaign.deadline(), campaign.timeZone(), campaign.waves());
		}
		catch (InvalidEventException ex) {
			throw new InvalidEventException("Campaign " + campaign.campaignId() + " (event " + campaign.id()
					+ ") has an invalid wave plan: " + ex.getMessage());
		}
	}

	private static UUID campaignId(String key) {
		try {
			return UUID.fromString(required(key, "key"));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEventException("Key is not a campaign id: " + key);
		}
	}

}

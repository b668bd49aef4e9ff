package nl.tijdig.scheduler.campaign;

import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.Topics;
import nl.tijdig.events.InvalidEventException;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

import static nl.tijdig.events.InvalidEventException.required;

/** Reads {@code tijdig.campaigns}: the full current definition of each campaign. */
@Component
class CampaignListener {

	private final Campaigns campaigns;

	CampaignListener(Campaigns campaigns) {
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
			this.campaigns.delete(campaignId);
			return;
		}
		required(campaign.time(), "time");
		required(campaign.status(), "status");
		required(campaign.deadline(), "deadline");
		required(campaign.timeZone(), "timeZone");
		if (!campaignId.equals(campaign.campaignId())) {
			throw new InvalidEventException("Key " + key + " is not the campaign id of event " + campaign.id());
		}
		this.campaigns.save(campaign);
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

package nl.tijdig.api.subscription;

import nl.tijdig.api.campaign.Campaign;

/** A sign-up for a campaign that is closed or past its deadline. */
class CampaignClosedException extends RuntimeException {

	private final transient Campaign campaign;

	CampaignClosedException(Campaign campaign) {
		super("Campaign '" + campaign.slug() + "' takes no more sign-ups");
		this.campaign = campaign;
	}

	Campaign campaign() {
		return this.campaign;
	}

}

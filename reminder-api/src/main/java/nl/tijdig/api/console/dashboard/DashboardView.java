package nl.tijdig.api.console.dashboard;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.console.sending.NotifierPauses;

/**
 * A campaign's dashboard page: its numbers as of now, the notifier's pauses and any error
 * of a button on it. The campaign pages answer with it too, when they refuse a publish,
 * close or correction.
 */
@Component
public class DashboardView {

	private final ReadModel readModel;

	private final ConsumerLags consumerLags;

	private final DashboardProperties properties;

	private final NotifierPauses pauses;

	DashboardView(ReadModel readModel, ConsumerLags consumerLags, DashboardProperties properties,
			NotifierPauses pauses) {
		this.readModel = readModel;
		this.consumerLags = consumerLags;
		this.properties = properties;
		this.pauses = pauses;
	}

	/**
	 * Fills the model for the dashboard of a campaign.
	 * @param errors message codes by the name of the button or field they are about
	 * @return the view's name
	 */
	public String render(Campaign campaign, Map<String, String> errors, Model model) {
		model.addAttribute("campaign", campaign);
		model.addAttribute("numbers", numbers(campaign));
		model.addAttribute("errors", errors);
		model.addAttribute("refreshMillis", this.properties.refreshEvery().toMillis());
		model.addAttribute("sendingPauses", this.pauses.current());
		model.addAttribute("campaignPauses", this.pauses.campaigns());
		return "console/dashboard";
	}

	CampaignNumbers numbers(Campaign campaign) {
		return this.readModel.numbers(campaign, this.consumerLags.current());
	}

}

package nl.tijdig.api.console.dashboard;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.campaign.Campaigns;

/**
 * Each campaign's dashboard. It works without JavaScript; the dashboard's script only
 * keeps its numbers fresh.
 */
@Controller
class DashboardPages {

	private final Campaigns campaigns;

	private final DashboardView view;

	DashboardPages(Campaigns campaigns, DashboardView view) {
		this.campaigns = campaigns;
		this.view = view;
	}

	@GetMapping("/admin/campaigns/{id}")
	String dashboard(@PathVariable UUID id, Model model) {
		return this.view.render(this.campaigns.get(id), Map.of(), model);
	}

	/** The dashboard's numbers, polled by {@code console.js}. */
	@GetMapping(path = "/admin/campaigns/{id}/numbers", produces = "application/json")
	@ResponseBody
	CampaignNumbers numbers(@PathVariable UUID id) {
		return this.view.numbers(this.campaigns.get(id));
	}

}

package nl.tijdig.api.console.campaigns;

import java.security.Principal;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.console.FormErrors;
import nl.tijdig.api.console.dashboard.DashboardView;
import nl.tijdig.events.CorrectionRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.outbox.Outbox;
import nl.tijdig.api.campaign.CampaignChangeException;
import nl.tijdig.api.campaign.CampaignChanges;
import nl.tijdig.api.campaign.Campaigns;

/**
 * The campaign list, the campaign form, and the publish, close and correction buttons of
 * each campaign's dashboard, which answers a refused one. Every page works without
 * JavaScript.
 */
@Controller
class CampaignPages {

	// Who changed which campaign when: the console's audit trail, in the service log.
	private static final Log logger = LogFactory.getLog(CampaignPages.class);

	private static final TreeSet<String> ZONES = new TreeSet<>(ZoneId.getAvailableZoneIds());

	private final Campaigns campaigns;

	private final CampaignChanges changes;

	private final DashboardView dashboard;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ValidatorFactory validation;

	CampaignPages(Campaigns campaigns, CampaignChanges changes, DashboardView dashboard, Outbox outbox,
			TransactionTemplate transactions, Clock clock, ValidatorFactory validation) {
		this.campaigns = campaigns;
		this.changes = changes;
		this.dashboard = dashboard;
		this.outbox = outbox;
		this.transactions = transactions;
		this.clock = clock;
		this.validation = validation;
	}

	@GetMapping({ "/admin", "/admin/" })
	String home() {
		return "redirect:/admin/campaigns";
	}

	@GetMapping("/admin/campaigns")
	String list(Model model) {
		model.addAttribute("campaigns", this.campaigns.all());
		return "console/campaigns";
	}

	@GetMapping("/admin/campaigns/new")
	String newCampaign(@RequestParam(name = "from", required = false) UUID from, Model model) {
		if (from == null) {
			return form(null, CampaignForm.empty(), Map.of(), model);
		}
		Campaign source = this.campaigns.get(from);
		model.addAttribute("source", source);
		return form(null, CampaignForm.startingFrom(source), Map.of(), model);
	}

	@PostMapping("/admin/campaigns")
	String create(@ModelAttribute CampaignForm form, Model model, HttpServletResponse response,
			RedirectAttributes redirect, Principal operator) {
		try {
			Campaign campaign = this.changes.create(form.validate(validator(), UUID.randomUUID()));
			logger.info("Operator '" + operator.getName() + "' created campaign " + campaign.id() + " ('"
					+ campaign.slug() + "')");
			redirect.addFlashAttribute("notice", "console.notice.created");
			return "redirect:/admin/campaigns/" + campaign.id();
		}
		catch (FormErrors ex) {
			return invalid(null, form, ex.byField(), model, response);
		}
		catch (CampaignChangeException ex) {
			return invalid(null, form, Map.of(ex.field(), ex.code()), model, response);
		}
		catch (DuplicateKeyException ex) {
			// Another operator took the slug a moment ago.
			return invalid(null, form, Map.of("slug", "slug.taken"), model, response);
		}
	}

	@GetMapping("/admin/campaigns/{id}/edit")
	String edit(@PathVariable UUID id, Model model) {
		Campaign campaign = this.campaigns.get(id);
		model.addAttribute("revision", this.campaigns.revision(id).orElseThrow());
		return form(campaign, CampaignForm.of(campaign), Map.of(), model);
	}

	@PostMapping("/admin/campaigns/{id}")
	String update(@PathVariable UUID id, @ModelAttribute CampaignForm form,
			@RequestParam(name = "revision", defaultValue = "0") int revision, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		Campaign current = this.campaigns.get(id);
		// The form keeps the revision it was opened on, so a conflict is still seen after
		// a correction.
		model.addAttribute("revision", revision);
		try {
			this.changes.update(form.validate(validator(), id), revision);
			redirect.addFlashAttribute("notice", "console.notice.saved");
			return "redirect:/admin/campaigns/" + id;
		}
		catch (FormErrors ex) {
			return invalid(current, form, ex.byField(), model, response);
		}
		catch (CampaignChangeException ex) {
			return invalid(current, form, Map.of(ex.field(), ex.code()), model, response);
		}
		catch (DuplicateKeyException ex) {
			return invalid(current, form, Map.of("slug", "slug.taken"), model, response);
		}
	}

	@PostMapping("/admin/campaigns/{id}/publish")
	String publish(@PathVariable UUID id, Model model, HttpServletResponse response, RedirectAttributes redirect,
			Principal operator) {
		try {
			this.changes.publish(id);
			logger.info("Operator '" + operator.getName() + "' published campaign " + id);
			redirect.addFlashAttribute("notice", "console.notice.published");
			return "redirect:/admin/campaigns/" + id;
		}
		catch (CampaignChangeException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return dashboard(this.campaigns.get(id), Map.of(ex.field(), ex.code()), model);
		}
	}

	@PostMapping("/admin/campaigns/{id}/close")
	String close(@PathVariable UUID id, @RequestParam(required = false) String confirm, Model model,
			HttpServletResponse response, RedirectAttributes redirect, Principal operator) {
		if (!"true".equals(confirm)) {
			// Closing cannot be undone: a slip of the mouse must not end a campaign.
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return dashboard(this.campaigns.get(id), Map.of("confirm", "console.close.unconfirmed"), model);
		}
		try {
			this.changes.close(id);
			logger.info("Operator '" + operator.getName() + "' closed campaign " + id);
			redirect.addFlashAttribute("notice", "console.notice.closed");
			return "redirect:/admin/campaigns/" + id;
		}
		catch (CampaignChangeException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return dashboard(this.campaigns.get(id), Map.of(ex.field(), ex.code()), model);
		}
	}

	/**
	 * Sends the campaign's current steps to everyone whose last email with the steps had
	 * an older text: the notifier knows who, from its delivery log. Only for a running
	 * campaign whose text changed since it was published, and only when the operator
	 * ticks that the new steps were checked: a correction reaches many people at once.
	 */
	@PostMapping("/admin/campaigns/{id}/correction")
	String correct(@PathVariable UUID id, @RequestParam(required = false) String confirm, Model model,
			HttpServletResponse response, RedirectAttributes redirect, Principal operator) {
		Campaign campaign = this.campaigns.get(id);
		String refused = correctionRefused(campaign, confirm);
		if (refused != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return dashboard(campaign, Map.of("correction", refused), model);
		}
		CorrectionRequested request = CorrectionRequested.of(id, campaign.contentVersion(), this.clock.instant());
		try {
			this.transactions
				.executeWithoutResult((status) -> this.outbox.append(Topics.CORRECTIONS, id.toString(), request));
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Operator '" + operator.getName() + "' asked for a correction of campaign " + id
					+ "; it could not be sent: " + ex.getClass().getSimpleName());
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			return dashboard(campaign, Map.of("correction", "console.correction.unavailable"), model);
		}
		logger.info("Operator '" + operator.getName() + "' asked for a correction of campaign " + id + " to text "
				+ campaign.contentVersion() + ": request " + request.id());
		redirect.addFlashAttribute("notice", "console.notice.correction");
		return "redirect:/admin/campaigns/" + id;
	}

	/**
	 * @return why a correction cannot be sent now, as a message code, or {@code null}
	 */
	private String correctionRefused(Campaign campaign, String confirm) {
		if (campaign.status() != Campaign.Status.PUBLISHED || !this.clock.instant().isBefore(campaign.deadline())) {
			return "console.correction.not-running";
		}
		if (campaign.contentVersion() <= 1) {
			return "console.correction.unchanged";
		}
		return "true".equals(confirm) ? null : "console.correction.unconfirmed";
	}

	private String dashboard(Campaign campaign, Map<String, String> errors, Model model) {
		return this.dashboard.render(campaign, errors, model);
	}

	private String invalid(Campaign campaign, CampaignForm form, Map<String, String> errors, Model model,
			HttpServletResponse response) {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return form(campaign, form, errors, model);
	}

	private String form(Campaign campaign, CampaignForm form, Map<String, String> errors, Model model) {
		model.addAttribute("campaign", campaign);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("zones", ZONES);
		return "console/campaign-form";
	}

	/** The form's validator, on the service's clock: a deadline must lie ahead of it. */
	private Validator validator() {
		return this.validation.usingContext().clockProvider(() -> this.clock).getValidator();
	}

}

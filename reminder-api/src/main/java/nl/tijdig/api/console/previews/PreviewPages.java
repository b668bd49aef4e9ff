package nl.tijdig.api.console.previews;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.campaign.Campaigns;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.PreviewRendered;
import nl.tijdig.api.console.FormErrors;

/**
 * Each message of a campaign as the notifier writes it, from the campaign as saved (a
 * draft too), and a test send of it to one address. Every answer is asked of the notifier
 * anew, so whichever instance a request reaches can serve it. A message the notifier
 * cannot write is answered {@code 502} with its reason on the page; no answer within the
 * timeout {@code 503}.
 */
@Controller
public class PreviewPages {

	/** The HTML part alone, shown in a sandboxed frame with a policy of its own. */
	public static final String HTML = "/admin/campaigns/*/preview/html";

	// The console's audit trail, as in the campaign pages; never with the address.
	private static final Log logger = LogFactory.getLog(PreviewPages.class);

	private final Campaigns campaigns;

	private final NotifierPreviews notifier;

	private final TestSendLimits limits;

	private final MessageSource messages;

	PreviewPages(Campaigns campaigns, NotifierPreviews notifier, TestSendLimits limits, MessageSource messages) {
		this.campaigns = campaigns;
		this.notifier = notifier;
		this.limits = limits;
		this.messages = messages;
	}

	@GetMapping("/admin/campaigns/{id}/preview")
	String preview(@PathVariable UUID id, PreviewForm form, Model model, HttpServletResponse response) {
		Campaign campaign = this.campaigns.get(id);
		if (!form.chosen()) {
			return page(campaign, form, Map.of(), model);
		}
		PreviewChoice choice;
		try {
			choice = form.choice(campaign);
		}
		catch (FormErrors ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return page(campaign, form, ex.byField(), model);
		}
		model.addAttribute("choice", choice);
		render(campaign, choice, null, model, response);
		return page(campaign, form, Map.of(), model);
	}

	@GetMapping("/admin/campaigns/{id}/preview/html")
	ResponseEntity<String> html(@PathVariable UUID id, PreviewForm form) {
		Campaign campaign = this.campaigns.get(id);
		try {
			PreviewRendered rendered = this.notifier.render(campaign, form.choice(campaign), null);
			if (rendered.html() == null) {
				return text(HttpStatus.BAD_GATEWAY, message("preview.failed", rendered.detail()));
			}
			return ResponseEntity.ok()
				.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
				.body(rendered.html());
		}
		catch (FormErrors ex) {
			return text(HttpStatus.BAD_REQUEST, message("preview.invalid"));
		}
		catch (NotifierUnavailableException ex) {
			return text(HttpStatus.SERVICE_UNAVAILABLE, message("preview.unavailable", ex.timeoutSeconds()));
		}
	}

	@PostMapping("/admin/campaigns/{id}/test-send")
	String testSend(@PathVariable UUID id, PreviewForm form, Model model, HttpServletResponse response,
			Principal operator) {
		Campaign campaign = this.campaigns.get(id);
		PreviewForm.TestSend send;
		try {
			send = form.testSend(campaign);
		}
		catch (FormErrors ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return page(campaign, form, ex.byField(), model);
		}
		model.addAttribute("choice", send.choice());
		Duration wait = this.limits.take(operator.getName());
		if (!wait.isZero()) {
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
			audit(operator, id, send.choice(), "over the limit");
			return page(campaign, form, Map.of("form", "preview.test-send.limited"), model);
		}
		PreviewRendered rendered = render(campaign, send.choice(), send.recipient().value(), model, response);
		audit(operator, id, send.choice(),
				(rendered != null) ? String.valueOf(rendered.testSend()) : "no answer in time");
		if (rendered != null && rendered.testSend() == PreviewRendered.TestSend.FAILED) {
			response.setStatus(HttpStatus.BAD_GATEWAY.value());
		}
		return page(campaign, form, Map.of(), model);
	}

	/**
	 * Asks the notifier and puts its answer on the page, or that none came; the status
	 * says which.
	 */
	private PreviewRendered render(Campaign campaign, PreviewChoice choice, String testRecipient, Model model,
			HttpServletResponse response) {
		try {
			PreviewRendered rendered = this.notifier.render(campaign, choice, testRecipient);
			model.addAttribute("rendered", rendered);
			if (rendered.html() == null) {
				response.setStatus(HttpStatus.BAD_GATEWAY.value());
			}
			return rendered;
		}
		catch (NotifierUnavailableException ex) {
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			model.addAttribute("unavailableSeconds", ex.timeoutSeconds());
			return null;
		}
	}

	// The notifier's detail is left out: an SMTP server's refusal may quote the address.
	private void audit(Principal operator, UUID campaign, PreviewChoice choice, String outcome) {
		logger.info("Operator '" + operator.getName() + "' asked for a test send of the " + choice.kind() + " message"
				+ ((choice.waveKey() != null) ? " of wave " + choice.waveKey() : "") + " in " + choice.language()
				+ " of campaign " + campaign + ": " + outcome);
	}

	private String page(Campaign campaign, PreviewForm form, Map<String, String> errors, Model model) {
		model.addAttribute("campaign", campaign);
		model.addAttribute("form", form);
		model.addAttribute("chosen", form.chosen());
		model.addAttribute("errors", errors);
		model.addAttribute("kinds", MessageKind.values());
		model.addAttribute("languages", Language.values());
		return "console/preview";
	}

	private ResponseEntity<String> text(HttpStatus status, String text) {
		return ResponseEntity.status(status)
			.contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
			.body(text);
	}

	private String message(String code, Object... arguments) {
		return this.messages.getMessage(code, arguments, LocaleContextHolder.getLocale());
	}

}

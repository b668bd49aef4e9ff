package nl.tijdig.api.subscription;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.campaign.Campaigns;
import nl.tijdig.events.Language;
import nl.tijdig.events.link.InvalidLinkException;

/**
 * The pages a visitor sees: a campaign with its sign-up form, the "check your inbox"
 * answer and the confirmation. They work without JavaScript; the confirmation link opens
 * a page with a button because mail scanners follow links in email.
 */
@Controller
class SignUpPages {

	private final Campaigns campaigns;

	private final SignUps signUps;

	private final Confirmations confirmations;

	private final FormTimer timer;

	private final SubscriptionMetrics metrics;

	private final Clock clock;

	SignUpPages(Campaigns campaigns, SignUps signUps, Confirmations confirmations, FormTimer timer,
			SubscriptionMetrics metrics, Clock clock) {
		this.metrics = metrics;
		this.campaigns = campaigns;
		this.signUps = signUps;
		this.confirmations = confirmations;
		this.timer = timer;
		this.clock = clock;
	}

	@GetMapping("/")
	String featured(Model model, Locale locale) {
		Campaign campaign = this.campaigns.featured().orElseThrow(SignUpPages::notFound);
		return campaignPage(campaign, SignUpForm.empty(language(locale)), model, locale);
	}

	@GetMapping("/c/{slug}")
	String campaign(@PathVariable String slug, Model model, Locale locale) {
		return campaignPage(campaign(slug), SignUpForm.empty(language(locale)), model, locale);
	}

	@PostMapping("/c/{slug}")
	String signUp(@PathVariable String slug, @ModelAttribute SignUpForm form, Model model, Locale locale,
			HttpServletRequest request, HttpServletResponse response) {
		Campaign campaign = campaign(slug);
		switch (this.timer.judge(form.started())) {
			case TOO_FAST:
				// Looks like success, so the bot learns nothing, but nothing is recorded.
				this.metrics.bot(campaign, "too-fast");
				return signedUp(campaign, model);
			case UNKNOWN_FORM:
				response.setStatus(HttpStatus.BAD_REQUEST.value());
				model.addAttribute("errors", Map.of("form", "form.expired"));
				return campaignPage(campaign, form, model, locale);
			case PERSON:
				break;
		}
		try {
			this.signUps.take(campaign, form, request.getRemoteAddr());
			return signedUp(campaign, model);
		}
		catch (SignUpForm.Errors ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("errors", ex.byField());
			return campaignPage(campaign, form, model, locale);
		}
		catch (CampaignClosedException ex) {
			response.setStatus(HttpStatus.CONFLICT.value());
			return campaignPage(campaign, form, model, locale);
		}
		catch (TooManySignUpsException ex) {
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
			model.addAttribute("errors", Map.of("form", "form.too-many"));
			return campaignPage(campaign, form, model, locale);
		}
	}

	@GetMapping("/confirm")
	String confirmPage(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
		try {
			this.confirmations.check(token);
			model.addAttribute("token", token);
			return "confirm";
		}
		catch (InvalidLinkException ex) {
			return LinkPages.linkError(ex, model, response);
		}
	}

	@PostMapping("/confirm")
	String confirm(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
		try {
			Subscriber subscriber = this.confirmations.confirm(token);
			this.campaigns.findById(subscriber.campaignId())
				.ifPresent((campaign) -> model.addAttribute("campaign", campaign));
			model.addAttribute("language", subscriber.language());
			return "confirmed";
		}
		catch (InvalidLinkException ex) {
			return LinkPages.linkError(ex, model, response);
		}
	}

	private String campaignPage(Campaign campaign, SignUpForm form, Model model, Locale locale) {
		model.addAttribute("campaign", campaign);
		model.addAttribute("content", campaign.content(language(locale)));
		model.addAttribute("open", campaign.acceptsSignUps(this.clock.instant()));
		model.addAttribute("form", form);
		model.addAttribute("started", this.timer.start());
		return "campaign";
	}

	private String signedUp(Campaign campaign, Model model) {
		model.addAttribute("campaign", campaign);
		return "signed-up";
	}

	private Campaign campaign(String slug) {
		return this.campaigns.findBySlug(slug).orElseThrow(SignUpPages::notFound);
	}

	private static Language language(Locale locale) {
		return "en".equals(locale.getLanguage()) ? Language.EN : Language.NL;
	}

	private static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such campaign");
	}

}

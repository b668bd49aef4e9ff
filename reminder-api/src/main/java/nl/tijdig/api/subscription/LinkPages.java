package nl.tijdig.api.subscription;

import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import nl.tijdig.api.campaign.Campaigns;
import nl.tijdig.events.link.InvalidLinkException;
import nl.tijdig.events.link.LinkPurpose;

/**
 * The pages behind the links in every email. Following a link only shows a page with a
 * button, since mail scanners fetch links; the button posts. The unsubscribe address also
 * takes the one-click POST of RFC 8058 that mail clients send from the
 * {@code List-Unsubscribe} header, with the token in the address and no cookie.
 */
@Controller
class LinkPages {

	private final LinkActions actions;

	private final Campaigns campaigns;

	LinkPages(LinkActions actions, Campaigns campaigns) {
		this.actions = actions;
		this.campaigns = campaigns;
	}

	@GetMapping("/unsubscribe")
	String askUnsubscribe(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
		return ask(LinkPurpose.UNSUBSCRIBE, token, model, response);
	}

	@GetMapping("/done")
	String askDone(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
		return ask(LinkPurpose.DONE, token, model, response);
	}

	@GetMapping("/forget")
	String askForget(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
		return ask(LinkPurpose.FORGET, token, model, response);
	}

	private String ask(LinkPurpose purpose, String token, Model model, HttpServletResponse response) {
		try {
			this.actions.check(token, purpose);
		}
		catch (InvalidLinkException ex) {
			return linkError(ex, model, response);
		}
		model.addAttribute("action", purpose.name().toLowerCase(Locale.ROOT));
		model.addAttribute("token", token);
		return "link-action";
	}

	@PostMapping("/unsubscribe")
	String unsubscribe(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
		try {
			return done("unsubscribe", this.actions.unsubscribe(token), model);
		}
		catch (InvalidLinkException ex) {
			return linkError(ex, model, response);
		}
	}

	@PostMapping("/done")
	String markDone(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
		try {
			return done("done", this.actions.markDone(token), model);
		}
		catch (InvalidLinkException ex) {
			return linkError(ex, model, response);
		}
	}

	@PostMapping("/forget")
	String forget(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
		try {
			this.actions.forget(token);
			return done("forget", Optional.empty(), model);
		}
		catch (InvalidLinkException ex) {
			return linkError(ex, model, response);
		}
	}

	private String done(String action, Optional<Subscriber> subscriber, Model model) {
		model.addAttribute("action", action);
		subscriber.flatMap((s) -> this.campaigns.findById(s.campaignId()))
			.ifPresent((campaign) -> model.addAttribute("campaign", campaign));
		subscriber.ifPresent((s) -> model.addAttribute("language", s.language()));
		return "link-action-done";
	}

	static String linkError(InvalidLinkException ex, Model model, HttpServletResponse response) {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		model.addAttribute("reason", ex.getMessage());
		return "link-error";
	}

}

package nl.tijdig.api.privacy;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;

import nl.tijdig.events.link.InvalidLinkException;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;
import nl.tijdig.events.link.LinkToken;

/**
 * "My data", the link in every email's footer: a page that says what Tijdig keeps and a
 * button that downloads it as JSON. The page shows no data, since mail scanners fetch
 * links; the button posts the signed token. A subscriber who is gone gets a page saying
 * nothing is kept, whether they were erased or never existed.
 */
@Controller
class OwnDataPages {

	static final String PATH = "/my-data";

	private final SubscriptionRecords records;

	private final LinkSigner links;

	private final LocaleResolver languages;

	private final Clock clock;

	OwnDataPages(SubscriptionRecords records, LinkSigner links, LocaleResolver languages, Clock clock) {
		this.records = records;
		this.links = links;
		this.languages = languages;
		this.clock = clock;
	}

	/**
	 * In the language of the subscriber's emails unless {@code ?lang=} asks otherwise:
	 * the link carries none, and the pages' own language switch would drop the token.
	 */
	@GetMapping(PATH)
	String page(@RequestParam(required = false) String token, @RequestParam(required = false) String lang, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		try {
			Optional<SubscriptionRecord> record = find(token);
			if (record.isEmpty()) {
				return nothingKept(response);
			}
			if (lang == null) {
				this.languages.setLocale(request, response,
						Locale.forLanguageTag(record.get().language().name().toLowerCase(Locale.ROOT)));
			}
			model.addAttribute("token", token);
			return "my-data";
		}
		catch (InvalidLinkException ex) {
			return linkError(ex, model, response);
		}
	}

	@PostMapping(PATH)
	Object download(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
		try {
			Optional<SubscriptionRecord> record = find(token);
			if (record.isEmpty()) {
				return nothingKept(response);
			}
			return ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename("tijdig-my-data.json").build().toString())
				.body(new PersonalData(this.clock.instant(), List.of(record.get())));
		}
		catch (InvalidLinkException ex) {
			return linkError(ex, model, response);
		}
	}

	private Optional<SubscriptionRecord> find(String token) {
		LinkToken link = this.links.verify(token, LinkPurpose.EXPORT, this.clock.instant());
		return this.records.byId(link.subscriberId());
	}

	private static String nothingKept(HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		return "my-data-none";
	}

	// The same page as the other links' (LinkPages), which is not this feature's to
	// share.
	private static String linkError(InvalidLinkException ex, Model model, HttpServletResponse response) {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		model.addAttribute("reason", ex.getMessage());
		return "link-error";
	}

}

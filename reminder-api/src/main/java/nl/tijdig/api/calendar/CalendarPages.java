package nl.tijdig.api.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.campaign.Campaigns;
import nl.tijdig.events.Language;

/**
 * Serves a campaign's deadline as an iCalendar file. The language comes from the address
 * ({@code ?lang=en}), not from the visitor's cookie, so the link in an English email
 * opens an English event wherever it is clicked.
 */
@RestController
class CalendarPages {

	static final MediaType CALENDAR = new MediaType("text", "calendar", StandardCharsets.UTF_8);

	private final Campaigns campaigns;

	private final MessageSource messages;

	private final Clock clock;

	CalendarPages(Campaigns campaigns, MessageSource messages, Clock clock) {
		this.campaigns = campaigns;
		this.messages = messages;
		this.clock = clock;
	}

	@GetMapping("/c/{slug}/deadline.ics")
	ResponseEntity<String> deadline(@PathVariable String slug,
			@RequestParam(name = "lang", required = false) String lang) {
		Campaign campaign = this.campaigns.findBySlug(slug)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such campaign"));
		Language language = language(lang);
		Locale locale = Locale.forLanguageTag(language.name().toLowerCase(Locale.ROOT));
		DeadlineEvent.Texts texts = new DeadlineEvent.Texts(text("calendar.summary", locale),
				text("campaign.steps", locale), text("calendar.alarm", locale));
		String body = new DeadlineEvent(campaign, language, texts, this.clock.instant()).render();
		return ResponseEntity.ok()
			.contentType(CALENDAR)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(campaign.slug() + "-deadline.ics").build().toString())
			// Short, so a changed deadline reaches whoever adds it later the same day.
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.body(body);
	}

	private String text(String code, Locale locale) {
		return this.messages.getMessage(code, null, locale);
	}

	/**
	 * Dutch unless English is asked for; anything else is a wrong address, not a guess.
	 */
	private static Language language(String lang) {
		if (lang == null || lang.isBlank() || lang.equalsIgnoreCase("nl")) {
			return Language.NL;
		}
		if (lang.equalsIgnoreCase("en")) {
			return Language.EN;
		}
		throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "lang is nl or en");
	}

}

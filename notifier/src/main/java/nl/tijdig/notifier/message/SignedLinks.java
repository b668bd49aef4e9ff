package nl.tijdig.notifier.message;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import nl.tijdig.events.Language;
import nl.tijdig.events.link.LinkProperties;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Builds the links of an email with tokens that reminder-api verifies with the same key
 * ring ({@code tijdig.links.*}), so no token is stored anywhere.
 */
@Component
class SignedLinks {

	private final LinkSigner signer;

	private final LinkProperties properties;

	private final Clock clock;

	private final Map<String, String> prefixes = new ConcurrentHashMap<>();

	SignedLinks(LinkSigner signer, LinkProperties properties, Clock clock) {
		this.signer = signer;
		this.properties = properties;
		this.clock = clock;
	}

	MessageLinks forSubscriber(UUID subscriberId) {
		return new MessageLinks(link("/confirm", LinkPurpose.CONFIRM, subscriberId, this.properties.confirmValidity()),
				link("/unsubscribe", LinkPurpose.UNSUBSCRIBE, subscriberId, this.properties.actionValidity()),
				link("/done", LinkPurpose.DONE, subscriberId, this.properties.actionValidity()),
				link("/forget", LinkPurpose.FORGET, subscriberId, this.properties.actionValidity()),
				link("/my-data", LinkPurpose.EXPORT, subscriberId, this.properties.actionValidity()));
	}

	/**
	 * The campaign's deadline as a calendar file in the reader's language. The same for
	 * every reader, so it carries no token: fetching it tells reminder-api nobody's name.
	 */
	String calendar(String campaignSlug, Language language) {
		return UriComponentsBuilder.fromUriString(this.properties.baseUrl())
			.pathSegment("c", campaignSlug, "deadline.ics")
			.queryParam("lang", language.name().toLowerCase(Locale.ROOT))
			.build()
			.toUriString();
	}

	/** How long a confirmation link works, for the email to say so. */
	Duration confirmValidity() {
		return this.properties.confirmValidity();
	}

	private String link(String path, LinkPurpose purpose, UUID subscriberId, Duration validity) {
		String token = this.signer.sign(purpose, subscriberId, this.clock.instant().plus(validity));
		// Tokens are URL-safe as they are: only the part before them needs building,
		// once per path rather than five times per email.
		return this.prefixes.computeIfAbsent(path,
				(key) -> UriComponentsBuilder.fromUriString(this.properties.baseUrl())
					.path(key)
					.queryParam("token", "")
					.build()
					.toUriString())
				+ token;
	}

}

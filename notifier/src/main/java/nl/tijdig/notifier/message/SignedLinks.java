package nl.tijdig.notifier.message;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
				link("/forget", LinkPurpose.FORGET, subscriberId, this.properties.actionValidity()));
	}

	/** How long a confirmation link works, for the email to say so. */
	Duration confirmValidity() {
		return this.properties.confirmValidity();
	}

	private String link(String path, LinkPurpose purpose, UUID subscriberId, Duration validity) {
		String token = this.signer.sign(purpose, subscriberId, this.clock.instant().plus(validity));
		// Tokens are URL-safe as they are: only the part before them needs building,
		// once per path rather than four times per email.
		return this.prefixes.computeIfAbsent(path,
				(key) -> UriComponentsBuilder.fromUriString(this.properties.baseUrl())
					.path(key)
					.queryParam("token", "")
					.build()
					.toUriString())
				+ token;
	}

}

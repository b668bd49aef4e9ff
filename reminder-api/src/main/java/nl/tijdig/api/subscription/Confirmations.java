package nl.tijdig.api.subscription;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.link.InvalidLinkException;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;
import nl.tijdig.events.link.LinkToken;
import nl.tijdig.outbox.Outbox;

/** The second half of the double opt-in: the link in the confirmation email. */
@Service
class Confirmations {

	private final Subscribers subscribers;

	private final LinkSigner links;

	private final Outbox outbox;

	private final SubscriptionMetrics metrics;

	private final Clock clock;

	Confirmations(Subscribers subscribers, LinkSigner links, Outbox outbox, SubscriptionMetrics metrics, Clock clock) {
		this.metrics = metrics;
		this.subscribers = subscribers;
		this.links = links;
		this.outbox = outbox;
		this.clock = clock;
	}

	/** Checks a token without using it, for the page that asks to press the button. */
	LinkToken check(String token) {
		return this.links.verify(token, LinkPurpose.CONFIRM, this.clock.instant());
	}

	/**
	 * Confirms the subscription the token names.
	 * @throws InvalidLinkException if the token is invalid, or was used already
	 */
	@Transactional
	Subscriber confirm(String token) {
		Instant now = this.clock.instant();
		LinkToken link = this.links.verify(token, LinkPurpose.CONFIRM, now);
		Subscriber subscriber = this.subscribers.lock(link.subscriberId())
			.orElseThrow(() -> new InvalidLinkException("no longer valid"));
		if (subscriber.status() != SubscriptionStatus.PENDING) {
			throw new InvalidLinkException("already used");
		}
		Subscriber confirmed = subscriber.confirm(now);
		long version = this.subscribers.update(confirmed);
		this.outbox.append(Topics.SUBSCRIBERS, confirmed.id().toString(),
				confirmed.changed(Change.CONFIRMED, now, version));
		this.metrics.confirmed();
		return confirmed;
	}

}

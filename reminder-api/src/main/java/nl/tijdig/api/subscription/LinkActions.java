package nl.tijdig.api.subscription;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.Topics;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;
import nl.tijdig.events.link.LinkToken;
import nl.tijdig.outbox.Outbox;

/**
 * What the links in every email do: "I've switched it off", unsubscribe and "delete my
 * data". Each is idempotent, and none tells whether the subscription still existed: a
 * second click, or a click after erasure, ends on the same page.
 */
@Service
class LinkActions {

	private final Subscribers subscribers;

	private final LinkSigner links;

	private final Outbox outbox;

	private final Erasure erasure;

	private final SubscriptionMetrics metrics;

	private final Clock clock;

	LinkActions(Subscribers subscribers, LinkSigner links, Outbox outbox, Erasure erasure, SubscriptionMetrics metrics,
			Clock clock) {
		this.erasure = erasure;
		this.metrics = metrics;
		this.subscribers = subscribers;
		this.links = links;
		this.outbox = outbox;
		this.clock = clock;
	}

	/**
	 * Checks a token without acting on it, for the page that asks to press the button.
	 */
	LinkToken check(String token, LinkPurpose purpose) {
		return this.links.verify(token, purpose, this.clock.instant());
	}

	/**
	 * @return the subscription after the change, empty if it was erased before
	 */
	@Transactional
	Optional<Subscriber> markDone(String token) {
		return change(token, LinkPurpose.DONE, Subscriber::markDone, Change.SWITCHED_OFF);
	}

	@Transactional
	Optional<Subscriber> unsubscribe(String token) {
		return change(token, LinkPurpose.UNSUBSCRIBE, Subscriber::unsubscribe, Change.UNSUBSCRIBED);
	}

	/** Erases the subscription, as the campaign's retention would later. */
	@Transactional
	void forget(String token) {
		LinkToken link = this.links.verify(token, LinkPurpose.FORGET, this.clock.instant());
		this.subscribers.lock(link.subscriberId()).ifPresent((subscriber) -> {
			this.erasure.erase(subscriber.id(), Erasure.Reason.REQUEST);
			this.metrics.linkAction("forget");
		});
	}

	private Optional<Subscriber> change(String token, LinkPurpose purpose, UnaryOperator<Subscriber> move,
			Change change) {
		Instant now = this.clock.instant();
		LinkToken link = this.links.verify(token, purpose, now);
		return this.subscribers.lock(link.subscriberId()).map((subscriber) -> {
			Subscriber changed = move.apply(subscriber);
			if (!changed.equals(subscriber)) {
				long version = this.subscribers.update(changed);
				this.outbox.append(Topics.SUBSCRIBERS, changed.id().toString(), changed.changed(change, now, version));
				this.metrics.linkAction(purpose.name().toLowerCase(Locale.ROOT));
			}
			return changed;
		});
	}

}

package nl.tijdig.api.subscription;

import java.util.Locale;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import nl.tijdig.events.Topics;
import nl.tijdig.outbox.Outbox;

/**
 * The one way a subscription is erased, whether the person asked for it or the campaign's
 * retention ended: the row goes, and with it the address, the consent and the client
 * network (a trace that names nobody stays as proof of consent, {@link ErasedConsents});
 * a tombstone on the subscriber topic erases the address from every service's projection
 * and, after compaction, from the log.
 */
@Component
class Erasure {

	private final Subscribers subscribers;

	private final ErasedConsents erasedConsents;

	private final Outbox outbox;

	private final SubscriptionMetrics metrics;

	Erasure(Subscribers subscribers, ErasedConsents erasedConsents, Outbox outbox, SubscriptionMetrics metrics) {
		this.subscribers = subscribers;
		this.erasedConsents = erasedConsents;
		this.outbox = outbox;
		this.metrics = metrics;
	}

	/**
	 * Erases a subscriber whose row the caller's transaction has locked, so that nobody
	 * else erases it too and the tombstone follows every earlier event of its key.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void erase(UUID subscriberId, Reason reason) {
		this.erasedConsents.keepTraceOf(subscriberId, reason);
		this.subscribers.delete(subscriberId);
		this.outbox.appendTombstone(Topics.SUBSCRIBERS, subscriberId.toString());
		// Counted once it is done: a batch that rolls back erased nobody.
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				Erasure.this.metrics.erased(reason);
			}
		});
	}

	/** Why a subscriber was erased, the {@code reason} of {@code tijdig.erasures}. */
	enum Reason {

		/** The person followed the "delete my data" link. */
		REQUEST,

		/** The campaign's time to keep personal data ran out. */
		RETENTION;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}

package nl.tijdig.api.subscription;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.Topics;
import nl.tijdig.outbox.Outbox;

/**
 * Takes sign-ups. Whatever state an address is in, the caller learns nothing about it: a
 * sign-up either fails on its input alone or succeeds with nothing to return.
 */
@Service
class SignUps {

	private final Subscribers subscribers;

	private final Outbox outbox;

	private final SignUpProperties properties;

	private final SignUpLimits limits;

	private final TransactionTemplate transactions;

	private final SubscriptionMetrics metrics;

	private final Clock clock;

	SignUps(Subscribers subscribers, Outbox outbox, SignUpProperties properties, SignUpLimits limits,
			TransactionTemplate transactions, SubscriptionMetrics metrics, Clock clock) {
		this.metrics = metrics;
		this.subscribers = subscribers;
		this.outbox = outbox;
		this.properties = properties;
		this.limits = limits;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Takes a sign-up from the form or the API, within the limits. A bot that filled in
	 * the hidden field is counted and ignored; the confirmation email follows from the
	 * event.
	 * @throws TooManySignUpsException if the address or the client is over its limit
	 * @throws SignUpForm.Errors if a field cannot be accepted
	 * @throws CampaignClosedException if the campaign takes no sign-ups
	 */
	void take(Campaign campaign, SignUpForm form, String clientAddress) {
		long started = System.nanoTime();
		this.metrics.signUp(campaign, () -> {
			if (form.isBot()) {
				this.limits.countClient(clientAddress);
				this.metrics.bot(campaign, "honeypot");
				return "ignored";
			}
			SignUpForm.ValidSignUp valid = form.validate();
			this.transactions.executeWithoutResult((tx) -> {
				this.limits.count(valid.email(), clientAddress);
				record(campaign, valid.email(), valid.language(), clientAddress);
			});
			return "accepted";
		});
		answerNoSoonerThan(started);
	}

	/**
	 * A new address costs a few more statements than a known one. Answering every
	 * accepted sign-up after the same minimum time keeps that difference out of the
	 * answer; the per-address limit keeps anyone from taking enough samples to find it
	 * under the noise anyway. Refusals are not delayed: they say nothing about a
	 * subscription.
	 */
	private void answerNoSoonerThan(long started) {
		long remaining = this.properties.answerTime().toNanos() - (System.nanoTime() - started);
		if (remaining > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(remaining);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void record(Campaign campaign, EmailAddress email, Language language, String clientAddress) {
		Instant now = this.clock.instant();
		Consent consent = new Consent(this.properties.consentVersion(), consentLanguage(), now,
				this.properties.recordClientNetwork() ? Consent.network(clientAddress) : null);
		if (!campaign.acceptsSignUps(now)) {
			throw new CampaignClosedException(campaign);
		}
		Subscriber created = Subscriber.signUp(campaign.id(), email, language, consent);
		// Most sign-ups are of a new address: the row is tried first, and an existing one
		// is locked only when it is there, a round trip fewer for the common case.
		for (int attempt = 0; attempt < 3; attempt++) {
			if (this.subscribers.insert(created)) {
				publish(created, Change.SIGNED_UP, now, Subscribers.FIRST_VERSION);
				return;
			}
			Subscriber existing = this.subscribers.lockByAddress(campaign.id(), email).orElse(null);
			if (existing != null) {
				signUpAgain(existing, language, consent, now);
				return;
			}
			// Erased between the two statements: the address is new again.
		}
		throw new IllegalStateException("A subscription of the address kept appearing and vanishing");
	}

	private void signUpAgain(Subscriber existing, Language language, Consent consent, Instant now) {
		Subscriber again = existing.signUpAgain(language, consent);
		if (!again.equals(existing)) {
			long version = this.subscribers.update(again);
			Change change = (existing.status() == again.status()) ? Change.CONFIRMATION_REQUESTED : Change.SIGNED_UP;
			publish(again, change, now, version);
		}
	}

	/**
	 * The language the consent text was shown in: the sign-up page's, which the form is
	 * sent back in ({@code ?lang=} or the language cookie); a JSON client shows its own
	 * page and names the language the same way.
	 */
	private static Language consentLanguage() {
		return "en".equals(LocaleContextHolder.getLocale().getLanguage()) ? Language.EN : Language.NL;
	}

	private void publish(Subscriber subscriber, Change change, Instant now, long version) {
		this.outbox.append(Topics.SUBSCRIBERS, subscriber.id().toString(), subscriber.changed(change, now, version));
	}

}

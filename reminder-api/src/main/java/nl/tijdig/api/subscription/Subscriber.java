package nl.tijdig.api.subscription;

import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.SubscriptionStatus;

/** One person's subscription to one campaign, and the moves it allows. */
record Subscriber(UUID id, UUID campaignId, EmailAddress email, Language language, SubscriptionStatus status,
		Consent consent, Instant confirmedAt) {

	static Subscriber signUp(UUID campaignId, EmailAddress email, Language language, Consent consent) {
		return new Subscriber(UUID.randomUUID(), campaignId, email, language, SubscriptionStatus.PENDING, consent,
				null);
	}

	/**
	 * Someone signs up with an address that already has a subscription: a pending one
	 * gets its confirmation again, an unsubscribed one starts over with a new
	 * confirmation, a confirmed or done one stays as it is.
	 */
	Subscriber signUpAgain(Language language, Consent consent) {
		return switch (this.status) {
			case PENDING, UNSUBSCRIBED -> new Subscriber(this.id, this.campaignId, this.email, language,
					SubscriptionStatus.PENDING, consent, null);
			case CONFIRMED, DONE -> this;
		};
	}

	Subscriber confirm(Instant now) {
		if (this.status != SubscriptionStatus.PENDING) {
			return this;
		}
		return new Subscriber(this.id, this.campaignId, this.email, this.language, SubscriptionStatus.CONFIRMED,
				this.consent, now);
	}

	/** "I've switched it off": no more reminders, only the goodbye. */
	Subscriber markDone() {
		if (this.status != SubscriptionStatus.PENDING && this.status != SubscriptionStatus.CONFIRMED) {
			return this;
		}
		return withStatus(SubscriptionStatus.DONE);
	}

	Subscriber unsubscribe() {
		return (this.status == SubscriptionStatus.UNSUBSCRIBED) ? this : withStatus(SubscriptionStatus.UNSUBSCRIBED);
	}

	private Subscriber withStatus(SubscriptionStatus status) {
		return new Subscriber(this.id, this.campaignId, this.email, this.language, status, this.consent,
				this.confirmedAt);
	}

	/**
	 * @param version the version the change gave the subscription in its row
	 */
	SubscriptionChanged changed(Change change, Instant now, long version) {
		return SubscriptionChanged.of(this.id, this.campaignId, this.email.value(), this.language, this.status, change,
				this.confirmedAt, now, version);
	}

}

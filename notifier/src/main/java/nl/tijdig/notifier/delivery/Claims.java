package nl.tijdig.notifier.delivery;

import java.time.Clock;

import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.notifier.campaign.Campaigns;
import nl.tijdig.notifier.suppression.SuppressedAddresses;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a requested message on: claims it in the delivery log, in one transaction with
 * the check whether the recipient may have it (if not, it is recorded suppressed at
 * once). A claimed message waits for a {@link SendingThreads sending thread}; the Kafka
 * listener never talks SMTP, so a slow or failing relay holds back no partition.
 */
@Component
class Claims {

	private static final Log logger = LogFactory.getLog(Claims.class);

	private final DeliveryLog log;

	private final Recipients recipients;

	private final Campaigns campaigns;

	private final SuppressedAddresses addresses;

	private final Outcomes outcomes;

	private final SendingThreads sending;

	private final TransactionTemplate transactions;

	private final Clock clock;

	Claims(DeliveryLog log, Recipients recipients, Campaigns campaigns, SuppressedAddresses addresses,
			Outcomes outcomes, SendingThreads sending, TransactionTemplate transactions, Clock clock) {
		this.log = log;
		this.recipients = recipients;
		this.campaigns = campaigns;
		this.addresses = addresses;
		this.outcomes = outcomes;
		this.sending = sending;
		this.transactions = transactions;
		this.clock = clock;
	}

	void claim(ReminderRequested reminder) {
		if (Boolean.TRUE.equals(this.transactions.execute((status) -> claimOrSuppress(reminder)))) {
			this.sending.wakeUp();
		}
	}

	/**
	 * @return whether the message was claimed for sending
	 */
	private boolean claimOrSuppress(ReminderRequested reminder) {
		Delivery delivery = Delivery.of(reminder);
		if (!this.log.claim(reminder, this.clock.instant())) {
			logger.debug("Already taken on: " + delivery.describe());
			return false;
		}
		Recipients.Lookup lookup = this.recipients.find(reminder.subscriberId());
		if (lookup instanceof Recipients.Lookup.Unknown) {
			// Throwing rolls the claim back, so the retry starts afresh.
			throw new NotYetKnownException("Subscriber not known yet for " + delivery.describe());
		}
		if (!(lookup instanceof Recipients.Lookup.Known known)) {
			this.outcomes.record(delivery, DeliveryOutcome.SUPPRESSED, "erased", null);
			return false;
		}
		Recipient recipient = known.recipient();
		String reason = Suppression.reasonFor(recipient, reminder.kind());
		if (reason != null && mayBeCatchingUp(recipient, reminder)) {
			throw new NotYetKnownException("Subscriber state older than " + delivery.describe());
		}
		if (reason == null && this.addresses.contains(recipient.email())) {
			reason = "address suppressed";
		}
		if (reason != null) {
			this.outcomes.record(delivery, DeliveryOutcome.SUPPRESSED, reason, null);
			return false;
		}
		if (this.campaigns.findById(reminder.campaignId()).isEmpty()) {
			throw new NotYetKnownException("Campaign not known yet for " + delivery.describe());
		}
		return true;
	}

	/**
	 * A welcome requested on confirmation can overtake the confirmation itself on its way
	 * to the projection: a pending recipient whose state is older than the request may be
	 * confirmed already. Unsubscribed and done are final enough to act on at once.
	 */
	private static boolean mayBeCatchingUp(Recipient recipient, ReminderRequested reminder) {
		return recipient.status() == SubscriptionStatus.PENDING && recipient.asOf().isBefore(reminder.time());
	}

}

package nl.tijdig.notifier.delivery;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Versions;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.notifier.campaign.Campaigns;
import nl.tijdig.notifier.suppression.SuppressedAddresses;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes requested messages on, a batch at a time: claims each in the delivery log, in one
 * transaction with the check whether the recipient may have it (if not, it is recorded
 * suppressed at once). A claimed message waits for a {@link SendingThreads sending
 * thread}; the Kafka listener never talks SMTP, so a slow or failing relay holds back no
 * partition.
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

	/**
	 * Takes a batch of requests on in one transaction. If one of them cannot be taken on
	 * yet (or at all), the transaction is rolled back and the requests before it are
	 * taken on again in a new one, so that every request before the failed one is settled
	 * and the failed one and those after it can be handed back to Kafka.
	 * @return why the first request that could not be taken on failed, or {@code null} if
	 * all were
	 */
	Failure claimAll(List<ReminderRequested> reminders) {
		Failure failure = null;
		int end = reminders.size();
		boolean together = true;
		while (end > 0) {
			List<ReminderRequested> batch = reminders.subList(0, end);
			boolean inOneStatement = together;
			try {
				Integer claimed = this.transactions.execute((status) -> claimOrSuppressAll(batch, inOneStatement));
				if (claimed != null && claimed > 0) {
					this.sending.wakeUp();
				}
				return failure;
			}
			catch (FailedAtException ex) {
				failure = new Failure(ex.index, ex.failure);
				end = ex.index;
			}
			catch (ClaimedTogetherException ex) {
				// Which request broke the statement is found one request at a time.
				together = false;
			}
			catch (RuntimeException ex) {
				// Not one request's fault (the commit, the database): none of them
				// settled.
				return new Failure(0, ex);
			}
		}
		return failure;
	}

	/**
	 * @param together whether to claim the batch in one statement; if not (after that
	 * failed), each request in a statement of its own, so that the one that cannot be
	 * claimed is known
	 */
	private int claimOrSuppressAll(List<ReminderRequested> reminders, boolean together) {
		int claimed = 0;
		Set<DeliveryLog.Key> claims = null;
		if (together) {
			try {
				claims = this.log.claimAll(reminders, this.clock.instant());
			}
			catch (RuntimeException ex) {
				throw new ClaimedTogetherException(ex);
			}
		}
		// A poll's reminders are mostly one wave of one campaign: looked up once.
		Set<UUID> knownCampaigns = new HashSet<>();
		// Recipients and suppressed addresses in two or three queries for the whole poll,
		// in this transaction, rather than per reminder.
		Map<UUID, Recipients.Lookup> lookups = this.recipients
			.findAll(reminders.stream().map(ReminderRequested::subscriberId).distinct().toList());
		Set<String> suppressed = this.addresses.suppressedAmong(lookups.values()
			.stream()
			.filter(Recipients.Lookup.Known.class::isInstance)
			.map((lookup) -> ((Recipients.Lookup.Known) lookup).recipient().email())
			.toList());
		for (int i = 0; i < reminders.size(); i++) {
			try {
				ReminderRequested reminder = reminders.get(i);
				boolean ours = (claims != null) ? claims.remove(DeliveryLog.Key.of(reminder))
						: this.log.claim(reminder, this.clock.instant());
				if (claimOrSuppress(reminder, ours, lookups.get(reminder.subscriberId()), suppressed, knownCampaigns)) {
					claimed++;
				}
			}
			catch (RuntimeException ex) {
				// Rolls the whole transaction back, this request's claim included, so its
				// retry starts afresh.
				throw new FailedAtException(i, ex);
			}
		}
		return claimed;
	}

	/**
	 * @return whether the message was claimed for sending
	 */
	private boolean claimOrSuppress(ReminderRequested reminder, boolean claimed, Recipients.Lookup lookup,
			Set<String> suppressed, Set<UUID> knownCampaigns) {
		Delivery delivery = Delivery.of(reminder);
		if (!claimed) {
			logger.debug("Already taken on: " + delivery.describe());
			return false;
		}
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
		if (reason == null && suppressed.contains(recipient.email())) {
			reason = "address suppressed";
		}
		if (reason != null) {
			this.outcomes.record(delivery, DeliveryOutcome.SUPPRESSED, reason, null);
			return false;
		}
		if (!knownCampaigns.contains(reminder.campaignId())) {
			if (this.campaigns.findById(reminder.campaignId()).isEmpty()) {
				throw new NotYetKnownException("Campaign not known yet for " + delivery.describe());
			}
			knownCampaigns.add(reminder.campaignId());
		}
		return true;
	}

	/**
	 * Whether the projection may not have reached the state the request was decided on,
	 * so that what it says now is no reason to suppress for good: a welcome can overtake
	 * the confirmation on its way here, a confirmation after a new sign-up the sign-up
	 * that ended an unsubscribe. The request carries the subscription's version it was
	 * decided on; a recipient at a lower one is behind, and the request waits for it. One
	 * at that version or later (say, unsubscribed since) is the current state. Requests
	 * or states without a version (written before there were any) keep the old rule: only
	 * a pending recipient whose event is older than the request is waited for.
	 */
	private static boolean mayBeCatchingUp(Recipient recipient, ReminderRequested reminder) {
		if (reminder.subscriptionVersion() != Versions.NONE && recipient.version() != Versions.NONE) {
			return recipient.version() < reminder.subscriptionVersion();
		}
		return recipient.status() == SubscriptionStatus.PENDING && recipient.asOf().isBefore(reminder.time());
	}

	/**
	 * The first request of a batch that was not taken on.
	 *
	 * @param index its place in the batch
	 * @param exception why: {@link NotYetKnownException} to retry, or anything else
	 */
	record Failure(int index, RuntimeException exception) {

	}

	/** The statement that claims a whole batch failed; the batch is tried one by one. */
	private static final class ClaimedTogetherException extends RuntimeException {

		ClaimedTogetherException(RuntimeException cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

	private static final class FailedAtException extends RuntimeException {

		private final int index;

		private final RuntimeException failure;

		FailedAtException(int index, RuntimeException failure) {
			super(failure.getMessage(), failure, false, false);
			this.index = index;
			this.failure = failure;
		}

	}

}

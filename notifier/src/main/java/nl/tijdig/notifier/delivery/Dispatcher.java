package nl.tijdig.notifier.delivery;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.campaign.Campaigns;
import nl.tijdig.notifier.message.Messages;
import nl.tijdig.notifier.message.RenderedMessage;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.outbox.Outbox;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends one requested message, at most once, in three steps:
 * <ol>
 * <li>in one transaction: claim it in the delivery log, check whether the recipient may
 * have it (if not, record it suppressed) and write it;</li>
 * <li>hand it to the SMTP server, outside any transaction;</li>
 * <li>in one transaction: mark it sent and append the outcome to the outbox.</li>
 * </ol>
 * A process that dies between the SMTP server's accept and step 3 leaves the claim open;
 * the redelivered reminder claims it again and sends it a second time. That window is the
 * only way to a duplicate.
 */
@Component
class Dispatcher {

	private static final Log logger = LogFactory.getLog(Dispatcher.class);

	private final DeliveryLog log;

	private final Recipients recipients;

	private final Campaigns campaigns;

	private final Messages messages;

	private final Mailer mailer;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final MeterRegistry meters;

	Dispatcher(DeliveryLog log, Recipients recipients, Campaigns campaigns, Messages messages, Mailer mailer,
			Outbox outbox, TransactionTemplate transactions, Clock clock, MeterRegistry meters) {
		this.log = log;
		this.recipients = recipients;
		this.campaigns = campaigns;
		this.messages = messages;
		this.mailer = mailer;
		this.outbox = outbox;
		this.transactions = transactions;
		this.clock = clock;
		this.meters = meters;
	}

	void dispatch(ReminderRequested reminder) {
		Ready ready = this.transactions.execute((status) -> claimAndWrite(reminder));
		if (ready == null) {
			return;
		}
		try {
			this.mailer.send(ready.recipient(), ready.campaign(), ready.message(), ready.messageId());
		}
		catch (MailException ex) {
			SmtpFailures.Failure failure = SmtpFailures.classify(ex);
			if (!failure.permanent()) {
				throw new TransientDeliveryException(failure.reason() + " for " + describe(reminder));
			}
			logger.warn("Giving up on " + describe(reminder) + ": " + failure.reason());
			this.transactions.executeWithoutResult(
					(status) -> finish(reminder, DeliveryOutcome.FAILED, failure.reason(), ready.messageId()));
			return;
		}
		this.transactions
			.executeWithoutResult((status) -> finish(reminder, DeliveryOutcome.SENT, null, ready.messageId()));
	}

	/**
	 * @return the message to send, or {@code null} if there is nothing to send: it was
	 * handled before, or the recipient may not have it
	 */
	private Ready claimAndWrite(ReminderRequested reminder) {
		if (!this.log.claim(reminder, this.clock.instant())) {
			logger.debug("Already handled: " + describe(reminder));
			return null;
		}
		Recipients.Lookup lookup = this.recipients.find(reminder.subscriberId());
		if (lookup instanceof Recipients.Lookup.Unknown) {
			// Throwing rolls the claim back, so the retry starts afresh.
			throw new NotYetKnownException("Subscriber not known yet for " + describe(reminder));
		}
		if (!(lookup instanceof Recipients.Lookup.Known known)) {
			finish(reminder, DeliveryOutcome.SUPPRESSED, "erased", null);
			return null;
		}
		Recipient recipient = known.recipient();
		String reason = Suppression.reasonFor(recipient, reminder.kind());
		if (reason != null) {
			if (mayBeCatchingUp(recipient, reminder)) {
				throw new NotYetKnownException("Subscriber state older than " + describe(reminder));
			}
			finish(reminder, DeliveryOutcome.SUPPRESSED, reason, null);
			return null;
		}
		Campaign campaign = this.campaigns.findById(reminder.campaignId())
			.orElseThrow(() -> new NotYetKnownException("Campaign not known yet for " + describe(reminder)));
		RenderedMessage message = this.messages.render(reminder.kind(), reminder.waveKey(), recipient, campaign);
		return new Ready(recipient, campaign, message, this.mailer.messageIdOf(recipient, reminder.messageKey()));
	}

	/**
	 * A welcome requested on confirmation can overtake the confirmation itself on its way
	 * to the projection: a pending recipient whose state is older than the request may be
	 * confirmed already. Unsubscribed and done are final enough to act on at once.
	 */
	private static boolean mayBeCatchingUp(Recipient recipient, ReminderRequested reminder) {
		return recipient.status() == SubscriptionStatus.PENDING && recipient.asOf().isBefore(reminder.time());
	}

	private void finish(ReminderRequested reminder, DeliveryOutcome outcome, String detail, String messageId) {
		DeliveryState state = switch (outcome) {
			case SENT -> DeliveryState.SENT;
			case SUPPRESSED -> DeliveryState.SUPPRESSED;
			default -> DeliveryState.FAILED;
		};
		if (!this.log.finish(reminder.subscriberId(), reminder.messageKey(), state, detail, messageId,
				this.clock.instant())) {
			return;
		}
		this.outbox.append(Topics.DELIVERIES, reminder.subscriberId().toString(),
				DeliveryRecorded.of(reminder.subscriberId(), reminder.campaignId(), reminder.kind(),
						reminder.messageKey(), reminder.waveKey(), outcome, detail, this.clock.instant()));
		this.meters.counter("tijdig.notifier.deliveries", "outcome", outcome.name(), "kind", reminder.kind().name())
			.increment();
	}

	private static String describe(ReminderRequested reminder) {
		return "message '" + reminder.messageKey() + "' to subscriber " + reminder.subscriberId();
	}

	private record Ready(Recipient recipient, Campaign campaign, RenderedMessage message, String messageId) {
	}

}

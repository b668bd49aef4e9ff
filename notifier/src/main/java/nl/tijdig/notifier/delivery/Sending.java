package nl.tijdig.notifier.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.campaign.Campaigns;
import nl.tijdig.notifier.message.Messages;
import nl.tijdig.notifier.message.RenderedMessage;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.notifier.smtp.Mailer;
import nl.tijdig.notifier.smtp.OutgoingMail;
import nl.tijdig.notifier.smtp.RelayConnection;
import nl.tijdig.notifier.smtp.SendResult;
import nl.tijdig.notifier.smtp.SmtpProperties;
import nl.tijdig.notifier.suppression.SuppressedAddresses;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.mail.MailPreparationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends one taken message over a sending thread's connection:
 * <ol>
 * <li>in one statement, committed on its own: marks it {@code SENDING} if the thread's
 * claim still holds (another thread may have taken it after the lease ran out: then
 * nothing is sent or written), extending the lease, and reads the recipient; checks once
 * more, right before SMTP, whether the recipient may have it, so that an unsubscribe
 * counts for everything not yet handed over; writes it;</li>
 * <li>hands it to the relay, outside any transaction;</li>
 * <li>records the outcome and appends the event to the outbox, in one transaction: a
 * message the relay accepted with the others of its batch, in two statements, when the
 * batch ends or the thread is to wait; any other at once. If the database cannot take it,
 * the outcome is kept here and written again, with back-off, until it can.</li>
 * </ol>
 * A message marked {@code SENDING} is never taken again; one whose process died before
 * step 3 is reported in doubt once its lease ran out ({@link #settleAbandoned()}), never
 * resent. What the messages of a batch share is a {@link SendingBatch}.
 */
@Component
class Sending {

	private static final Log logger = LogFactory.getLog(Sending.class);

	private static final int ABANDONED_AT_ONCE = 20;

	private final Recipients recipients;

	private final Campaigns campaigns;

	private final SuppressedAddresses addresses;

	private final Messages messages;

	private final Mailer mailer;

	private final DeliveryLog log;

	private final Outcomes outcomes;

	private final SmtpProperties properties;

	private final TransactionTemplate transactions;

	private final OutcomeWrites writes;

	private final DeliveryMetrics metrics;

	private final RelayBreaker breaker;

	private final Clock clock;

	/**
	 * Claim tokens of the messages this process is handing over or whose outcome it is
	 * still writing: not abandoned, however long the database was away.
	 */
	private final Set<UUID> handingOver = ConcurrentHashMap.newKeySet();

	/**
	 * When the process last looked for abandoned messages ({@link System#nanoTime()}): a
	 * lease runs for minutes, so once a poll interval is soon enough, and a look per
	 * batch of every thread cost a transaction and a query each time.
	 */
	private final AtomicLong abandonedLookedFor = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

	Sending(Recipients recipients, Campaigns campaigns, SuppressedAddresses addresses, Messages messages, Mailer mailer,
			DeliveryLog log, Outcomes outcomes, SmtpProperties properties, TransactionTemplate transactions,
			OutcomeWrites writes, DeliveryMetrics metrics, RelayBreaker breaker, Clock clock) {
		this.recipients = recipients;
		this.campaigns = campaigns;
		this.addresses = addresses;
		this.messages = messages;
		this.mailer = mailer;
		this.log = log;
		this.outcomes = outcomes;
		this.properties = properties;
		this.transactions = transactions;
		this.writes = writes;
		this.metrics = metrics;
		this.breaker = breaker;
		this.clock = clock;
	}

	/**
	 * @return whether the thread may go on with its batch; {@code false} when the relay
	 * cannot be reached, so the rest waits rather than fails one by one
	 */
	boolean send(Delivery delivery, RelayConnection connection, SendingBatch batch) {
		if (delivery.attempts() > this.properties.retry().maxAttempts()) {
			// Taken again and again without an outcome: something breaks before SMTP.
			batch.flush();
			finish(delivery, DeliveryOutcome.FAILED, "out of attempts", null);
			return true;
		}
		batch.handingOver(delivery.claimToken());
		Ready ready = prepare(delivery, batch);
		if (ready == null) {
			return true;
		}
		SendResult result;
		try {
			result = this.metrics.handOver(delivery, () -> connection.send(ready.mail()));
		}
		catch (RuntimeException ex) {
			// Marked SENDING: whatever broke, the relay may have it.
			logger.error("In doubt, not resending: " + delivery.describe(), ex);
			batch.flush();
			untilWritten(delivery, () -> this.outcomes.record(delivery, DeliveryOutcome.IN_DOUBT,
					"failed while handing it over: " + ex.getClass().getSimpleName(), ready.messageId()));
			return true;
		}
		if (result instanceof SendResult.Accepted) {
			this.breaker.relayAnswered();
			batch.sent(delivery, ready.messageId());
			return true;
		}
		batch.flush();
		if (result instanceof SendResult.Refused refused) {
			return refused(delivery, ready, refused);
		}
		SendResult.InDoubt inDoubt = (SendResult.InDoubt) result;
		logger.warn("In doubt, not resending: " + delivery.describe() + ": " + inDoubt.reason());
		untilWritten(delivery,
				() -> this.outcomes.record(delivery, DeliveryOutcome.IN_DOUBT, inDoubt.reason(), ready.messageId()));
		return true;
	}

	/**
	 * Marks the message {@code SENDING} in one statement, committed on its own: the mark
	 * that must be durable before the relay has the message costs one round trip to the
	 * database, where a transaction around it took two. The same statement reads the
	 * recipient as it stands now, so an unsubscribe, "done" or erasure that came in after
	 * the batch was taken still counts. A message that is not to be sent after all is
	 * settled at once, as often as it takes; only a process that dies in between leaves
	 * it to be reported in doubt, and it is not sent either way.
	 * @return the message to send, or {@code null} if there is nothing to send
	 */
	private Ready prepare(Delivery delivery, SendingBatch batch) {
		Campaign campaign = batch.campaign(delivery.campaignId());
		Recipient expected = batch.recipient(delivery.subscriberId());
		DeliveryLog.HandedOver handedOver = this.log.handOver(delivery, this.properties.lease(),
				(campaign != null) ? campaign.contentVersion() : null,
				(expected != null) ? batch.addressKey(expected.email()) : null);
		if (handedOver == null) {
			// Its lease ran out and another sender took it: that one sends it.
			logger.info("No longer ours, not sending: " + delivery.describe());
			return null;
		}
		Recipient recipient = handedOver.recipient();
		String reason = (recipient != null) ? Suppression.reasonFor(recipient, delivery.kind()) : "erased";
		if (reason == null && ((expected != null && expected.email().equals(recipient.email()))
				? handedOver.addressSuppressed() : this.addresses.contains(recipient.email()))) {
			reason = "address suppressed";
		}
		if (reason != null) {
			notSending(delivery, DeliveryOutcome.SUPPRESSED, reason, null);
			return null;
		}
		if (campaign == null) {
			// It was known at claim time; a projection cannot lose it. Say so and fail.
			notSending(delivery, DeliveryOutcome.FAILED, "campaign unknown", null);
			return null;
		}
		String tooLate = SendWindow.closedFor(campaign, delivery.kind(), delivery.waveKey(), this.clock.instant());
		if (tooLate != null) {
			notSending(delivery, DeliveryOutcome.WITHDRAWN, tooLate, null);
			return null;
		}
		String messageId = this.mailer.messageIdOf(recipient, delivery.messageKey());
		try {
			RenderedMessage message = this.messages.render(delivery.kind(), delivery.waveKey(), recipient, campaign);
			return new Ready(recipient.email(), messageId,
					this.mailer.compose(recipient, campaign, message, messageId));
		}
		catch (MailPreparationException ex) {
			logger.warn("Cannot compose " + delivery.describe() + ": " + ex.getMessage());
			notSending(delivery, DeliveryOutcome.FAILED, "message could not be composed", messageId);
			return null;
		}
	}

	/** Records why a message marked {@code SENDING} was not handed over after all. */
	private void notSending(Delivery delivery, DeliveryOutcome outcome, String detail, String messageId) {
		untilWritten(delivery, () -> this.outcomes.record(delivery, outcome, detail, messageId));
	}

	private boolean refused(Delivery delivery, Ready ready, SendResult.Refused refused) {
		if (refused.replied() && refused.refusal() != SendResult.Refusal.POLICY) {
			this.breaker.relayAnswered();
		}
		switch (refused.refusal()) {
			case TRANSIENT -> {
				if (delivery.attempts() >= this.properties.retry().maxAttempts()) {
					logger.warn("Giving up on " + delivery.describe() + " after " + delivery.attempts() + " attempts: "
							+ refused.reason());
					untilWritten(delivery, () -> this.outcomes.record(delivery, DeliveryOutcome.FAILED,
							"out of attempts: " + refused.reason(), null));
				}
				else {
					logger.info("Will retry " + delivery.describe() + ": " + refused.reason());
					untilWritten(delivery, () -> this.log.retryLater(delivery, refused.reason(),
							this.properties.retry().backoffAfter(delivery.attempts()), true));
				}
				return refused.replied();
			}
			case POLICY -> {
				// Says nothing about this message: it waits, and counts no attempt.
				logger.warn("The relay refused " + delivery.describe() + " for reasons of its own; will retry: "
						+ refused.reason());
				untilWritten(delivery, () -> this.log.retryLater(delivery, refused.reason(),
						this.properties.retry().backoffAfter(delivery.attempts()), false));
				this.breaker.refusedByPolicy(refused.relayReply());
				return this.breaker.pause() == null;
			}
			case ADDRESS -> {
				logger.warn("Giving up on " + delivery.describe() + " and its address: " + refused.reason());
				untilWritten(delivery, () -> {
					this.outcomes.record(delivery, DeliveryOutcome.FAILED, refused.reason(), ready.messageId());
					this.addresses.add(ready.email(), refused.reason(), "smtp");
				});
			}
			case MESSAGE -> {
				logger.warn("Giving up on " + delivery.describe() + ": " + refused.reason());
				untilWritten(delivery, () -> this.outcomes.record(delivery, DeliveryOutcome.FAILED, refused.reason(),
						ready.messageId()));
			}
		}
		return true;
	}

	private void untilWritten(Delivery delivery, Runnable write) {
		this.writes.untilWritten(delivery.describe(), write);
	}

	/**
	 * Puts a message aside after a failure that is not SMTP's, before it reached the
	 * relay, whether it was marked {@code SENDING} yet or not.
	 */
	void retryLater(Delivery delivery, String detail) {
		this.transactions.executeWithoutResult((status) -> this.log.retryLater(delivery, detail,
				this.properties.retry().backoffAfter(delivery.attempts()), true));
	}

	/**
	 * Reports messages left {@code SENDING} by a sender that is gone (its lease ran out)
	 * as in doubt: the relay may have them, so they are never sent again. Looks at most
	 * once a poll interval, in one thread of the process.
	 */
	void settleAbandoned() {
		long now = System.nanoTime();
		long last = this.abandonedLookedFor.get();
		if (now - last < this.properties.pollInterval().toNanos()
				|| !this.abandonedLookedFor.compareAndSet(last, now)) {
			return;
		}
		int settled = this.transactions.execute((status) -> {
			List<Delivery> abandoned = this.log.abandonedWhileSending(this.handingOver, ABANDONED_AT_ONCE);
			for (Delivery delivery : abandoned) {
				logger.warn("In doubt, not resending: " + delivery.describe()
						+ ": its sender stopped while handing it over");
				this.outcomes.record(delivery, DeliveryOutcome.IN_DOUBT, "sender stopped while handing it over", null);
			}
			return abandoned.size();
		});
		if (settled == ABANDONED_AT_ONCE) {
			// There may be more: the next batch looks again.
			this.abandonedLookedFor.compareAndSet(now, now - this.properties.pollInterval().toNanos());
		}
	}

	private void finish(Delivery delivery, DeliveryOutcome outcome, String detail, String messageId) {
		this.transactions.executeWithoutResult((status) -> this.outcomes.record(delivery, outcome, detail, messageId));
	}

	/** What the messages of one batch share. */
	SendingBatch batch(List<Delivery> due) {
		return new SendingBatch(due, this.campaigns, this.recipients, this.addresses, this.outcomes, this.writes,
				this.handingOver);
	}

	private record Ready(String email, String messageId, OutgoingMail mail) {
	}

}

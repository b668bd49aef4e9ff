package nl.tijdig.notifier.delivery;

import jakarta.mail.internet.MimeMessage;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.campaign.Campaigns;
import nl.tijdig.notifier.message.Messages;
import nl.tijdig.notifier.message.RenderedMessage;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.notifier.suppression.SuppressedAddresses;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.mail.MailPreparationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends one taken message over a sending thread's connection:
 * <ol>
 * <li>checks once more, right before SMTP, whether the recipient may have it, so that an
 * unsubscribe counts for everything not yet handed over, and writes it;</li>
 * <li>hands it to the relay, outside any transaction;</li>
 * <li>in one transaction: records the outcome and appends the event to the outbox.</li>
 * </ol>
 * A process that dies between the relay's accept and step 3 leaves the claim open; it is
 * sent again once its lease expires. That window is the only way to a duplicate.
 */
@Component
class Sending {

	private static final Log logger = LogFactory.getLog(Sending.class);

	private final Recipients recipients;

	private final Campaigns campaigns;

	private final SuppressedAddresses addresses;

	private final Messages messages;

	private final Mailer mailer;

	private final DeliveryLog log;

	private final Outcomes outcomes;

	private final SmtpProperties properties;

	private final TransactionTemplate transactions;

	private final DeliveryMetrics metrics;

	Sending(Recipients recipients, Campaigns campaigns, SuppressedAddresses addresses, Messages messages, Mailer mailer,
			DeliveryLog log, Outcomes outcomes, SmtpProperties properties, TransactionTemplate transactions,
			DeliveryMetrics metrics) {
		this.recipients = recipients;
		this.campaigns = campaigns;
		this.addresses = addresses;
		this.messages = messages;
		this.mailer = mailer;
		this.log = log;
		this.outcomes = outcomes;
		this.properties = properties;
		this.transactions = transactions;
		this.metrics = metrics;
	}

	/**
	 * @return whether the thread may go on with its batch; {@code false} when the relay
	 * cannot be reached, so the rest waits rather than fails one by one
	 */
	boolean send(Delivery delivery, SmtpConnection connection) {
		if (delivery.attempts() > this.properties.retry().maxAttempts()) {
			// Taken again and again without an outcome: something breaks before SMTP.
			finish(delivery, DeliveryOutcome.FAILED, "out of attempts", null);
			return true;
		}
		Ready ready = this.transactions.execute((status) -> prepare(delivery));
		if (ready == null) {
			return true;
		}
		try {
			this.metrics.handOver(delivery, () -> connection.send(ready.mime()));
		}
		catch (SmtpConnection.SmtpFailureException ex) {
			return failed(delivery, ready, ex.failure());
		}
		finish(delivery, DeliveryOutcome.SENT, null, ready.messageId());
		return true;
	}

	/**
	 * @return the message to send, or {@code null} if there is nothing to send
	 */
	private Ready prepare(Delivery delivery) {
		Recipients.Lookup lookup = this.recipients.find(delivery.subscriberId());
		if (!(lookup instanceof Recipients.Lookup.Known known)) {
			this.outcomes.record(delivery, DeliveryOutcome.SUPPRESSED, "erased", null);
			return null;
		}
		Recipient recipient = known.recipient();
		String reason = Suppression.reasonFor(recipient, delivery.kind());
		if (reason == null && this.addresses.contains(recipient.email())) {
			reason = "address suppressed";
		}
		if (reason != null) {
			this.outcomes.record(delivery, DeliveryOutcome.SUPPRESSED, reason, null);
			return null;
		}
		Campaign campaign = this.campaigns.findById(delivery.campaignId()).orElse(null);
		if (campaign == null) {
			// It was known at claim time; a projection cannot lose it. Say so and fail.
			this.outcomes.record(delivery, DeliveryOutcome.FAILED, "campaign unknown", null);
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
			this.outcomes.record(delivery, DeliveryOutcome.FAILED, "message could not be composed", messageId);
			return null;
		}
	}

	private boolean failed(Delivery delivery, Ready ready, SmtpFailures.Failure failure) {
		switch (failure.kind()) {
			case TRANSIENT -> {
				if (delivery.attempts() >= this.properties.retry().maxAttempts()) {
					logger.warn("Giving up on " + delivery.describe() + " after " + delivery.attempts() + " attempts: "
							+ failure.reason());
					finish(delivery, DeliveryOutcome.FAILED, "out of attempts: " + failure.reason(), null);
				}
				else {
					logger.info("Will retry " + delivery.describe() + ": " + failure.reason());
					this.transactions.executeWithoutResult((status) -> this.log.retryLater(delivery, failure.reason(),
							this.properties.retry().backoffAfter(delivery.attempts())));
				}
				return failure.replied();
			}
			case REFUSED_ADDRESS -> {
				logger.warn("Giving up on " + delivery.describe() + " and its address: " + failure.reason());
				this.transactions.executeWithoutResult((status) -> {
					this.outcomes.record(delivery, DeliveryOutcome.FAILED, failure.reason(), ready.messageId());
					this.addresses.add(ready.email(), failure.reason(), "smtp");
				});
			}
			case REFUSED -> {
				logger.warn("Giving up on " + delivery.describe() + ": " + failure.reason());
				finish(delivery, DeliveryOutcome.FAILED, failure.reason(), ready.messageId());
			}
			case IN_DOUBT -> {
				logger.warn("In doubt, not resending: " + delivery.describe() + ": " + failure.reason());
				finish(delivery, DeliveryOutcome.IN_DOUBT, failure.reason(), ready.messageId());
			}
		}
		return true;
	}

	/** Puts a message aside after a failure that is not SMTP's. */
	void retryLater(Delivery delivery, String detail) {
		this.transactions.executeWithoutResult((status) -> this.log.retryLater(delivery, detail,
				this.properties.retry().backoffAfter(delivery.attempts())));
	}

	private void finish(Delivery delivery, DeliveryOutcome outcome, String detail, String messageId) {
		this.transactions.executeWithoutResult((status) -> this.outcomes.record(delivery, outcome, detail, messageId));
	}

	private record Ready(String email, String messageId, MimeMessage mime) {
	}

}

package nl.tijdig.notifier.delivery;

import java.util.Optional;

import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.notifier.smtp.Mailer;
import nl.tijdig.notifier.suppression.SuppressedAddresses;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records what a mailbox provider reported after it had accepted a message: the address
 * is suppressed, and the message it is about turns from sent into bounced, with a
 * {@code DeliveryRecorded} of {@code BOUNCED} for the operators' numbers.
 */
@Component
public class Bounces {

	private final DeliveryLog log;

	private final Recipients recipients;

	private final SuppressedAddresses addresses;

	private final Outcomes outcomes;

	private final DeliveryMetrics metrics;

	private final CampaignSending campaigns;

	private final ComplaintBreaker breaker;

	private final Mailer mailer;

	Bounces(DeliveryLog log, Recipients recipients, SuppressedAddresses addresses, Outcomes outcomes,
			DeliveryMetrics metrics, CampaignSending campaigns, ComplaintBreaker breaker, Mailer mailer) {
		this.log = log;
		this.recipients = recipients;
		this.addresses = addresses;
		this.outcomes = outcomes;
		this.metrics = metrics;
		this.campaigns = campaigns;
		this.breaker = breaker;
		this.mailer = mailer;
	}

	/**
	 * The Message-ID a report is about when it was mailed to a message's own return path
	 * (VERP, {@code tijdig.notifier.mail.verp}), e.g.
	 * {@code bounces+3f1c…@tijdig.example}.
	 * @param address where the report was mailed to, or {@code null}
	 * @return the Message-ID, or {@code null} if the address names no message
	 */
	public String messageIdOfReturnPath(String address) {
		return this.mailer.messageIdOfReturnPath(address);
	}

	/**
	 * Records a hard bounce.
	 * @param address the address that bounced, or {@code null} if only the message is
	 * known
	 * @param messageId the {@code Message-ID} of the message that bounced, or
	 * {@code null}; without it the last message sent to the address is taken
	 * @param detail short, without personal data
	 * @return whether a sent message was found to record the bounce on
	 */
	@Transactional
	public boolean hardBounce(String address, String messageId, String detail) {
		Optional<Delivery> delivery = (messageId != null) ? this.log.findSent(messageId) : Optional.empty();
		if (delivery.isEmpty() && address != null) {
			delivery = this.log.findLastSentTo(address);
		}
		String bounced = (address != null) ? address : readerOf(delivery);
		if (bounced != null) {
			this.addresses.add(bounced, "bounced", "bounce");
		}
		return delivery.isPresent() && this.outcomes.bounced(delivery.get(), detail);
	}

	/**
	 * Records a complaint (a reader marked the message as spam at their mailbox
	 * provider): the address is suppressed, so nothing more of any campaign reaches
	 * someone who said they did not want it; the message's {@code DeliveryRecorded} of
	 * {@code COMPLAINED} makes reminder-api unsubscribe them and counts towards the
	 * campaign's complaint rate, which may pause the campaign ({@link ComplaintBreaker}).
	 * A complaint about a message counted before (a report read again) changes nothing.
	 * @param address the complainant's address, or {@code null} where the provider left
	 * it out of the report
	 * @param messageId the {@code Message-ID} of the message complained about, or
	 * {@code null}; without it the last message sent to the address is taken
	 * @return whether the complainant could be told apart and was suppressed
	 */
	@Transactional
	public boolean complaint(String address, String messageId) {
		Optional<Delivery> delivery = (messageId != null) ? this.log.findSent(messageId) : Optional.empty();
		if (delivery.isEmpty() && address != null) {
			delivery = this.log.findLastSentTo(address);
		}
		if (delivery.isEmpty()) {
			this.metrics.complained(null);
		}
		else if (this.campaigns.complained(delivery.get())) {
			this.metrics.complained(delivery.get().kind());
			this.outcomes.complained(delivery.get());
			this.breaker.check(delivery.get().campaignId());
		}
		String complainant = (address != null) ? address : readerOf(delivery);
		if (complainant == null) {
			return false;
		}
		this.addresses.add(complainant, "complained", "complaint");
		return true;
	}

	/** The address the message went to, while its reader is still known. */
	private String readerOf(Optional<Delivery> delivery) {
		return (delivery.isPresent()
				&& this.recipients.find(delivery.get().subscriberId()) instanceof Recipients.Lookup.Known known)
						? known.recipient().email() : null;
	}

}

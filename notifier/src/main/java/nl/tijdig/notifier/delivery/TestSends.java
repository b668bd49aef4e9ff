package nl.tijdig.notifier.delivery;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.message.RenderedMessage;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.notifier.smtp.Mailer;
import nl.tijdig.notifier.smtp.OutgoingMail;
import nl.tijdig.notifier.smtp.Relay;
import nl.tijdig.notifier.smtp.RelayConnection;
import nl.tijdig.notifier.smtp.SendResult;

import org.springframework.mail.MailPreparationException;
import org.springframework.stereotype.Component;

/**
 * Sends an operator's test email: exactly what a subscriber would get, with the same
 * headers, to the relay with the same settings as the sending threads, over a connection
 * of its own. It deliberately passes by the delivery log, the send rate, suppression and
 * {@code tijdig.deliveries}: a test email is no subscriber's message and must count in
 * none of the campaign's numbers.
 */
@Component
public class TestSends {

	private final Mailer mailer;

	private final Relay relay;

	TestSends(Mailer mailer, Relay relay) {
		this.mailer = mailer;
		this.relay = relay;
	}

	/**
	 * @param address as the operator typed it: one address, nothing else
	 * @param standIn who the message was written for; its subscriber id makes the
	 * Message-ID
	 * @param messageKey what makes the Message-ID unique for the stand-in
	 * @return whether the relay accepted it, and if not why, never with the address
	 */
	public Outcome send(String address, Recipient standIn, Campaign campaign, RenderedMessage message,
			String messageKey) {
		if (address.indexOf('\r') >= 0 || address.indexOf('\n') >= 0) {
			// A line break would let the address add headers (Bcc) to the email.
			return Outcome.failed("The test address contains a line break; give one address on one line");
		}
		InternetAddress to;
		try {
			InternetAddress[] parsed = InternetAddress.parse(address.strip(), true);
			if (parsed.length != 1) {
				return Outcome.failed("Give exactly one test address, not " + parsed.length);
			}
			to = parsed[0];
			to.validate();
		}
		catch (AddressException ex) {
			// The reason only: AddressException's toString() would quote the input.
			return Outcome.failed("The test address is not an email address: " + ex.getMessage());
		}
		Recipient recipient = new Recipient(standIn.subscriberId(), standIn.campaignId(), to.getAddress(),
				standIn.language(), standIn.status(), standIn.asOf());
		OutgoingMail mail;
		try {
			mail = this.mailer.compose(recipient, campaign, message, this.mailer.messageIdOf(recipient, messageKey));
		}
		catch (MailPreparationException ex) {
			return Outcome.failed("The test email could not be composed");
		}
		SendResult result;
		try (RelayConnection connection = this.relay.connection()) {
			result = connection.send(mail);
		}
		if (result instanceof SendResult.Refused refused) {
			String reply = (refused.relayReply() != null) ? ": " + refused.relayReply() : "";
			return Outcome.failed("The SMTP server did not take the test email: " + refused.reason() + reply);
		}
		if (result instanceof SendResult.InDoubt inDoubt) {
			return Outcome.failed("The SMTP server did not take the test email: " + inDoubt.reason());
		}
		return Outcome.SENT;
	}

	/**
	 * What became of a test send.
	 *
	 * @param detail why it was not sent, {@code null} if it was; never the address
	 */
	public record Outcome(boolean sent, String detail) {

		static final Outcome SENT = new Outcome(true, null);

		static Outcome failed(String detail) {
			return new Outcome(false, detail);
		}

	}

}

package nl.tijdig.notifier.smtp;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import nl.tijdig.events.Redaction;
import nl.tijdig.notifier.smtp.SendResult.Refusal;

/**
 * Tells what an SMTP failure means for the message, and says so without repeating the
 * server's reply: that often quotes the address.
 * <ul>
 * <li>a 5xx reply to the recipient that speaks about the mailbox (enhanced status 5.1.x
 * but the sender's 5.1.7 and 5.1.8, or 5.2.1; without an enhanced status only words as
 * plain as "no such user"): the address is refused for good; fail the message and
 * suppress the address;</li>
 * <li>a 5xx reply about the message itself after its body (5.6.x, 5.3.4 too big): fail
 * the message, but the address is not to blame;</li>
 * <li>any other 5xx reply (relay access denied, a blocklisted sending IP, a refused
 * sender, a bare 550): the relay's own policy, which says nothing about the address and
 * would refuse every message alike; try again later, and let a run of them pause
 * sending;</li>
 * <li>a full mailbox (5.2.2): try again later;</li>
 * <li>a 4xx reply, a refused, reset or timed-out connection before the end of the
 * message: try again later;</li>
 * <li>no reply after the whole message went out: the relay may have taken it, so it is in
 * doubt and never sent again.</li>
 * </ul>
 */
final class SmtpFailures {

	private static final Pattern ENHANCED_STATUS = Pattern.compile("\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

	/** What relays say, without an enhanced status, when the mailbox does not exist. */
	private static final List<String> MAILBOX_WORDS = List.of("no such user", "user unknown", "unknown user",
			"no such mailbox", "mailbox not found", "mailbox does not exist", "user does not exist", "mailbox disabled",
			"account disabled", "account has been disabled");

	private SmtpFailures() {
	}

	/**
	 * @param bodySent whether the end of the message body had been written when it failed
	 * @return {@link SendResult.Refused} or {@link SendResult.InDoubt}
	 */
	static SendResult classify(MessagingException failure, boolean bodySent) {
		Reply reply = replyOf(failure);
		String code = (reply != null) ? " (reply " + reply.code() + ")" : "";
		if (reply != null && reply.code() >= 500) {
			String status = reply.status();
			String replied = " (reply " + reply.code() + ((status != null) ? " " + status : "") + ")";
			if (reply.toRecipient() && reply.speaksAboutTheMailbox()) {
				return refused(Refusal.ADDRESS, "recipient refused" + replied, failure);
			}
			if (status != null && status.startsWith("5.2.2")) {
				return refused(Refusal.TRANSIENT, "mailbox full" + replied, failure);
			}
			if (!reply.toRecipient() && bodySent && status != null
					&& (status.startsWith("5.6.") || status.equals("5.3.4"))) {
				return refused(Refusal.MESSAGE, "refused by the SMTP server" + replied, failure);
			}
			return refused(Refusal.POLICY, "refused by the relay's policy" + replied, failure);
		}
		if (reply != null && reply.code() >= 400) {
			return refused(Refusal.TRANSIENT, "SMTP failed for the moment" + code, failure);
		}
		if (bodySent) {
			return new SendResult.InDoubt("connection lost after the message was sent: " + causeOf(failure));
		}
		return new SendResult.Refused(Refusal.TRANSIENT, "SMTP failed for the moment: " + causeOf(failure), false,
				null);
	}

	/** A refusal the relay replied with, its words without the addresses they quote. */
	private static SendResult refused(Refusal refusal, String reason, MessagingException failure) {
		return new SendResult.Refused(refusal, reason, true, withoutAddresses(serverReply(failure)));
	}

	/** The relay's reply, if it sent one; the recipient's takes precedence. */
	private static Reply replyOf(MessagingException failure) {
		Reply found = null;
		// Jakarta Mail chains per-recipient replies with setNextException, and wraps a
		// command's reply as the cause of another exception.
		for (Exception exception = failure; exception != null; exception = next(exception)) {
			if (exception instanceof SMTPAddressFailedException address && address.getReturnCode() >= 400) {
				if (found == null || !found.toRecipient() || address.getReturnCode() > found.code()) {
					found = new Reply(address.getReturnCode(), true, address.getMessage());
				}
			}
			else if (exception instanceof SMTPSendFailedException send && send.getReturnCode() >= 400
					&& found == null) {
				found = new Reply(send.getReturnCode(), false, send.getMessage());
			}
		}
		return found;
	}

	/**
	 * The text of the relay's reply (the recipient's first), {@code null} if it did not
	 * reply. Often quotes the address.
	 */
	private static String serverReply(MessagingException failure) {
		String reply = null;
		for (Exception exception = failure; exception != null; exception = next(exception)) {
			if (exception instanceof SMTPAddressFailedException address && address.getReturnCode() >= 400) {
				return strip(address.getMessage());
			}
			if (exception instanceof SMTPSendFailedException send && send.getReturnCode() >= 400 && reply == null) {
				reply = strip(send.getMessage());
			}
		}
		return reply;
	}

	/**
	 * The text with anything that looks like an address replaced by {@code [address]}.
	 */
	private static String withoutAddresses(String text) {
		return Redaction.replaceAddresses(text, "[address]");
	}

	private static String strip(String reply) {
		return (reply != null) ? reply.strip() : null;
	}

	private static Exception next(Exception exception) {
		if (exception instanceof MessagingException messaging && messaging.getNextException() != null
				&& messaging.getNextException() != exception) {
			return messaging.getNextException();
		}
		Throwable cause = exception.getCause();
		return (cause instanceof Exception next && cause != exception) ? next : null;
	}

	private static String causeOf(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName();
	}

	/**
	 * @param text the whole reply, code included; may quote the address
	 */
	private record Reply(int code, boolean toRecipient, String text) {

		/**
		 * The enhanced status code (RFC 3463) of the reply, {@code null} if it has none.
		 */
		String status() {
			Matcher matcher = (this.text != null) ? ENHANCED_STATUS.matcher(this.text.strip()) : null;
			return (matcher != null && matcher.lookingAt()) ? matcher.group(1) : null;
		}

		/**
		 * Whether the relay says the mailbox is the problem: the enhanced status if it
		 * gave one, else only words that cannot mean anything else. A relay that says no
		 * more than "550 mailbox unavailable" (RFC 5321's text for every 550) may be
		 * refusing us, not the address.
		 */
		boolean speaksAboutTheMailbox() {
			String status = status();
			if (status != null) {
				return (status.startsWith("5.1.") && !status.equals("5.1.7") && !status.equals("5.1.8"))
						|| status.equals("5.2.1");
			}
			String words = withoutAddresses(String.valueOf(this.text)).toLowerCase(Locale.ROOT);
			return MAILBOX_WORDS.stream().anyMatch(words::contains);
		}

	}

}

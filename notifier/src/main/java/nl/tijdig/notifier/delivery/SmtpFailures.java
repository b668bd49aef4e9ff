package nl.tijdig.notifier.delivery;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Tells what an SMTP failure means for the message, and says so without repeating the
 * server's reply: that often quotes the address.
 * <ul>
 * <li>a 5xx reply to the recipient: the address is refused for good; fail the message and
 * suppress the address;</li>
 * <li>any other 5xx reply (sender, content): fail the message, but the address is not to
 * blame;</li>
 * <li>a 4xx reply, a refused, reset or timed-out connection before the end of the
 * message: try again later;</li>
 * <li>no reply after the whole message went out: the relay may have taken it, so it is in
 * doubt and never sent again.</li>
 * </ul>
 */
final class SmtpFailures {

	private SmtpFailures() {
	}

	/**
	 * @param bodySent whether the end of the message body had been written when it failed
	 */
	static Failure classify(MessagingException failure, boolean bodySent) {
		Reply reply = replyOf(failure);
		String code = (reply != null) ? " (reply " + reply.code() + ")" : "";
		if (reply != null && reply.code() >= 500) {
			return reply.toRecipient() ? new Failure(Kind.REFUSED_ADDRESS, "recipient refused" + code, true)
					: new Failure(Kind.REFUSED, "refused by the SMTP server" + code, true);
		}
		if (reply != null && reply.code() >= 400) {
			return new Failure(Kind.TRANSIENT, "SMTP failed for the moment" + code, true);
		}
		if (bodySent) {
			return new Failure(Kind.IN_DOUBT, "connection lost after the message was sent: " + causeOf(failure), false);
		}
		return new Failure(Kind.TRANSIENT, "SMTP failed for the moment: " + causeOf(failure), false);
	}

	/** The relay's reply, if it sent one; the recipient's takes precedence. */
	private static Reply replyOf(MessagingException failure) {
		Reply found = null;
		// Jakarta Mail chains per-recipient replies with setNextException, and wraps a
		// command's reply as the cause of another exception.
		for (Exception exception = failure; exception != null; exception = next(exception)) {
			if (exception instanceof SMTPAddressFailedException address && address.getReturnCode() >= 400) {
				if (found == null || !found.toRecipient() || address.getReturnCode() > found.code()) {
					found = new Reply(address.getReturnCode(), true);
				}
			}
			else if (exception instanceof SMTPSendFailedException send && send.getReturnCode() >= 400
					&& found == null) {
				found = new Reply(send.getReturnCode(), false);
			}
		}
		return found;
	}

	/**
	 * The text of the relay's reply (the recipient's first), {@code null} if it did not
	 * reply. Often quotes the address: whoever shows it must take that out.
	 */
	static String serverReply(MessagingException failure) {
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

	private record Reply(int code, boolean toRecipient) {
	}

	/** What a failure means for the message. */
	enum Kind {

		/** Try again later. */
		TRANSIENT,

		/** The recipient's address is refused for good: fail and suppress it. */
		REFUSED_ADDRESS,

		/** Refused for good for another reason than the address. */
		REFUSED,

		/** The relay may have accepted it: never send again. */
		IN_DOUBT

	}

	/**
	 * @param reason short, without personal data: it goes into events and logs
	 * @param replied whether the relay answered at all; if not, it may be unreachable
	 */
	record Failure(Kind kind, String reason, boolean replied) {
	}

}

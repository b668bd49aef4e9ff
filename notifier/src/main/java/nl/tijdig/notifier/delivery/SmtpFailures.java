package nl.tijdig.notifier.delivery;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

/**
 * Tells a failure that retrying cannot cure (a 5xx reply, an address that is not one)
 * from one that it may (a refused connection, a timeout, a 4xx reply), and says which it
 * was without repeating the server's reply: that often quotes the address.
 */
final class SmtpFailures {

	private SmtpFailures() {
	}

	static Failure classify(MailException failure) {
		if (failure instanceof MailPreparationException) {
			return new Failure(true, "message could not be composed");
		}
		int code = -1;
		if (failure instanceof MailSendException send) {
			for (Exception exception : send.getMessageExceptions()) {
				code = Math.max(code, replyCode(exception));
			}
		}
		String reply = (code > 0) ? " (reply " + code + ")" : "";
		if (code >= 500) {
			return new Failure(true, "refused by the SMTP server" + reply);
		}
		return new Failure(false, "SMTP failed for the moment: " + failure.getClass().getSimpleName() + reply);
	}

	private static int replyCode(Throwable exception) {
		// Jakarta Mail chains the per-recipient reply as the cause of a
		// SendFailedException.
		for (Throwable cause = exception; cause != null; cause = (cause.getCause() != cause) ? cause.getCause()
				: null) {
			if (cause instanceof SMTPAddressFailedException address) {
				return address.getReturnCode();
			}
			if (cause instanceof SMTPSendFailedException send) {
				return send.getReturnCode();
			}
		}
		return -1;
	}

	/**
	 * @param permanent whether retrying is pointless
	 * @param reason short, without personal data: it goes into events and logs
	 */
	record Failure(boolean permanent, String reason) {
	}

}

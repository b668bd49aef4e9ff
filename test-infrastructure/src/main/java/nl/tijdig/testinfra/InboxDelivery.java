package nl.tijdig.testinfra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Takes every message GreenMail accepts into the {@link MailStore}, once per SMTP
 * transaction, whoever the recipients are. GreenMail by itself delivers a copy into an
 * IMAP mailbox per recipient, which neither Mailpit's view of mail (one message, many
 * recipients) nor the memory of a long local run wants.
 */
final class InboxDelivery implements MessageDeliveryHandler {

	private final CatchAll catchAll;

	InboxDelivery(MailStore store) {
		this.catchAll = new CatchAll(store);
	}

	@Override
	public GreenMailUser handle(MovingMessage message, MailAddress recipient) {
		return this.catchAll;
	}

	private static final class CatchAll implements GreenMailUser {

		private final MailStore store;

		// GreenMail hands over one transaction's message once per recipient, from its
		// synchronized SmtpManager.send.
		private MovingMessage last;

		CatchAll(MailStore store) {
			this.store = store;
		}

		@Override
		public synchronized void deliver(MovingMessage message) {
			if (message == this.last) {
				return;
			}
			this.last = message;
			List<String> recipients = message.getToAddresses().stream().map(MailAddress::getEmail).toList();
			String returnPath = (message.getReturnPath() != null) ? message.getReturnPath().getEmail() : "";
			this.store.add(raw(message.getMessage()), returnPath, recipients);
		}

		@Override
		public void deliver(MimeMessage message) {
			this.store.add(raw(message), "", List.of());
		}

		private static byte[] raw(MimeMessage message) {
			try {
				ByteArrayOutputStream raw = new ByteArrayOutputStream();
				message.writeTo(raw);
				return raw.toByteArray();
			}
			catch (IOException | MessagingException ex) {
				throw new IllegalStateException("Cannot keep the message received", ex);
			}
		}

		@Override
		public String getEmail() {
			return "inbox@localhost";
		}

		@Override
		public String getLogin() {
			return "inbox";
		}

		@Override
		public void create() {
		}

		@Override
		public void delete() {
		}

		@Override
		public String getPassword() {
			return "";
		}

		@Override
		public void setPassword(String password) {
		}

		@Override
		public void authenticate(String password) {
		}

		@Override
		public String getQualifiedMailboxName() {
			return "inbox";
		}

	}

}

package nl.tijdig.infrastructure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

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

	/**
	 * Also hands every message for {@code address}, or for a tagged form of it
	 * ({@code local+tag@domain}, as a return path of its own per message has), to
	 * {@code mailbox}, as a relay hands bounces to the mailbox they are addressed to.
	 */
	void forward(String address, Consumer<byte[]> mailbox) {
		this.catchAll.forward(address.toLowerCase(Locale.ROOT), mailbox);
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

		private String forwarded;

		private Consumer<byte[]> mailbox;

		synchronized void forward(String address, Consumer<byte[]> mailbox) {
			this.forwarded = address;
			this.mailbox = mailbox;
		}

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
			byte[] raw = raw(message.getMessage());
			this.store.add(raw);
			if (this.mailbox != null) {
				// As a delivering server does, it says whom it delivered to: with a
				// return path per message that is the one the report is about.
				recipients.stream()
					.filter(this::forwarded)
					.findFirst()
					.ifPresent((recipient) -> this.mailbox.accept(withDeliveredTo(recipient, raw)));
			}
		}

		private static byte[] withDeliveredTo(String recipient, byte[] raw) {
			byte[] header = ("Delivered-To: " + recipient + "\r\n").getBytes(StandardCharsets.US_ASCII);
			byte[] delivered = new byte[header.length + raw.length];
			System.arraycopy(header, 0, delivered, 0, header.length);
			System.arraycopy(raw, 0, delivered, header.length, raw.length);
			return delivered;
		}

		private boolean forwarded(String recipient) {
			String address = recipient.toLowerCase(Locale.ROOT);
			int plus = address.indexOf('+');
			int at = address.lastIndexOf('@');
			if (plus >= 0 && plus < at) {
				address = address.substring(0, plus) + address.substring(at);
			}
			return address.equals(this.forwarded);
		}

		@Override
		public void deliver(MimeMessage message) {
			this.store.add(raw(message));
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

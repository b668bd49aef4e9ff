package nl.tijdig.notifier.smtp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * One email as it goes on the wire: its envelope and its complete MIME text, written once
 * by the {@link Mailer}. Whoever sends it need not look inside.
 */
public final class OutgoingMail {

	private final String messageId;

	private final InternetAddress from;

	private final InternetAddress to;

	private final byte[] content;

	/**
	 * @param messageId the stable {@code Message-ID}, brackets included
	 * @param from the envelope sender ({@code MAIL FROM}): the {@code From} address, or
	 * the return path (with VERP one of the message's own)
	 * @param to the one recipient ({@code RCPT TO})
	 * @param content the message, headers and body, lines ending in CRLF
	 */
	OutgoingMail(String messageId, InternetAddress from, InternetAddress to, byte[] content) {
		this.messageId = messageId;
		this.from = from;
		this.to = to;
		this.content = content;
	}

	String messageId() {
		return this.messageId;
	}

	InternetAddress from() {
		return this.from;
	}

	InternetAddress to() {
		return this.to;
	}

	byte[] content() {
		return this.content;
	}

	/** The message parsed back, as a receiving client reads it. */
	MimeMessage parse(Session session) throws MessagingException {
		return new MimeMessage(session, new ByteArrayInputStream(this.content));
	}

	/**
	 * The message for Angus's transport: it writes the finished bytes and nothing else,
	 * so that no header is added or changed on the way and no MIME part is encoded again
	 * for every recipient.
	 */
	MimeMessage forTransport(Session session) {
		return new Wire(session, this);
	}

	private static final class Wire extends MimeMessage {

		private final OutgoingMail mail;

		Wire(Session session, OutgoingMail mail) {
			super(session);
			this.mail = mail;
		}

		@Override
		public Address[] getFrom() {
			return new Address[] { this.mail.from() };
		}

		@Override
		public Address[] getAllRecipients() {
			return new Address[] { this.mail.to() };
		}

		@Override
		public String getMessageID() {
			return this.mail.messageId();
		}

		@Override
		public int getSize() {
			return this.mail.content().length;
		}

		@Override
		public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
			out.write(this.mail.content());
		}

		@Override
		public void saveChanges() {
			// Written once, for good: nothing to update.
		}

	}

}

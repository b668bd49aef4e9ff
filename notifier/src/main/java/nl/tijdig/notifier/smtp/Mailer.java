package nl.tijdig.notifier.smtp;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.message.MessageLinks;
import nl.tijdig.notifier.message.RenderedMessage;
import nl.tijdig.notifier.message.WrittenText;
import nl.tijdig.notifier.recipient.Recipient;

import org.springframework.mail.MailPreparationException;
import org.springframework.stereotype.Component;

/**
 * Turns a written message into the MIME text of an email with the headers mailbox
 * providers expect of a bulk sender; the sending threads hand it to the relay as it is.
 * The text is written here directly ({@link MimeText}) rather than built as a Jakarta
 * Mail object tree and serialised: that took most of a sending thread's time.
 */
@Component
public class Mailer {

	private final SenderProperties properties;

	private final InternetAddress from;

	/** The envelope sender, or with VERP the address each message's is made of. */
	private final InternetAddress returnPath;

	/** The From header as it goes out, its display name encoded once. */
	private final String fromHeader;

	private final Clock clock;

	private final DkimSigning dkim;

	/**
	 * The last second's {@code Date}: sending threads share it, each may write it anew.
	 */
	private volatile DateHeader date;

	Mailer(SenderProperties properties, Clock clock, DkimSigning dkim) {
		this.properties = properties;
		this.clock = clock;
		this.dkim = dkim;
		try {
			this.from = new InternetAddress(properties.from(), true);
		}
		catch (MessagingException ex) {
			throw new IllegalArgumentException("tijdig.notifier.mail.from is not an address: " + properties.from(), ex);
		}
		this.fromHeader = this.from.toString();
		try {
			this.returnPath = properties.returnPath().isBlank() ? this.from
					: new InternetAddress(properties.returnPath(), true);
		}
		catch (MessagingException ex) {
			throw new IllegalArgumentException(
					"tijdig.notifier.mail.return-path is not an address: " + properties.returnPath(), ex);
		}
	}

	/** The message's {@code Message-ID}, the same on every attempt. */
	public String messageIdOf(Recipient recipient, String messageKey) {
		return MessageIds.of(recipient.subscriberId(), messageKey, this.properties.sendingDomain());
	}

	/**
	 * @throws MailPreparationException if the message cannot be written (an address that
	 * is not one, a header it may not have, a DKIM signature that fails); never with the
	 * address
	 */
	public OutgoingMail compose(Recipient recipient, Campaign campaign, RenderedMessage message, String messageId) {
		InternetAddress to;
		try {
			to = new InternetAddress(recipient.email(), true);
		}
		catch (AddressException ex) {
			// Never the address in the message: it would end up in logs and events.
			throw new MailPreparationException("Cannot compose message " + messageId + ": the address is not one");
		}
		String boundary = "=_tijdig_" + Integer.toHexString(messageId.hashCode());
		WrittenText text = message.writtenText();
		WrittenText html = message.writtenHtml();
		// The header and the reader's links add about two kilobytes.
		MimeText mime = new MimeText(text.literalLength() + html.literalLength() + 2048).header("Date", date())
			.header("From", this.fromHeader)
			.header("To", to.getAddress())
			.header("Message-ID", messageId)
			.textHeader("Subject", message.subject())
			.header("MIME-Version", "1.0")
			.header("Content-Language", message.language().name().toLowerCase(Locale.ROOT))
			.header("List-Id", "<" + campaign.slug() + "." + this.properties.listIdDomain() + ">")
			// RFC 8058: one click, an HTTPS POST to the same link, no login and no
			// cookies.
			.header("List-Unsubscribe", "<" + message.links().unsubscribe() + ">")
			.header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
			.header("Auto-Submitted", "auto-generated")
			.header("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"")
			.append("\r\n");
		// Text first, HTML last: a client shows the last part it can display. A
		// quoted-printable body never holds "=_", so never the boundary.
		part(mime, boundary, "text/plain", text, message.links());
		part(mime, boundary, "text/html", html, message.links());
		mime.append("\r\n--").append(boundary).append("--\r\n");
		OutgoingMail mail = new OutgoingMail(messageId, envelopeSender(messageId), to, mime.bytes());
		return this.dkim.sign(mail);
	}

	/**
	 * The {@code Date} header's value: the same for every message of a second, so
	 * formatted once a second rather than for each.
	 */
	private String date() {
		long second = this.clock.instant().getEpochSecond();
		DateHeader date = this.date;
		if (date == null || date.second() != second) {
			date = new DateHeader(second, DateTimeFormatter.RFC_1123_DATE_TIME
				.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC)));
			this.date = date;
		}
		return date.value();
	}

	/** Whom relays send their reports about the message to. */
	private InternetAddress envelopeSender(String messageId) {
		if (!this.properties.verp()) {
			return this.returnPath;
		}
		InternetAddress verp = new InternetAddress();
		verp.setAddress(MessageIds.returnPath(messageId, this.returnPath.getAddress()));
		return verp;
	}

	/** The Message-ID a report mailed to this address is about, with VERP. */
	public String messageIdOfReturnPath(String address) {
		return MessageIds.ofReturnPath(address, this.properties.sendingDomain());
	}

	private static void part(MimeText mime, String boundary, String type, WrittenText written, MessageLinks links) {
		mime.append("\r\n--")
			.append(boundary)
			.append("\r\n")
			.header("Content-Type", type + "; charset=UTF-8")
			.header("Content-Transfer-Encoding", "quoted-printable")
			.append("\r\n")
			.quotedPrintable(written, links);
	}

	private record DateHeader(long second, String value) {
	}

}

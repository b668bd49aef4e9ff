package nl.tijdig.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Locale;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.message.RenderedMessage;
import nl.tijdig.notifier.recipient.Recipient;

import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Turns a written message into a MIME message with the headers mailbox providers expect
 * of a bulk sender; the sending threads hand it to the relay.
 */
@Component
class Mailer {

	private final JavaMailSenderImpl sender;

	private final SenderProperties properties;

	private final InternetAddress from;

	private final Clock clock;

	private final DkimSigning dkim;

	Mailer(JavaMailSenderImpl sender, SenderProperties properties, Clock clock, DkimSigning dkim) {
		this.sender = sender;
		this.properties = properties;
		this.clock = clock;
		this.dkim = dkim;
		try {
			this.from = new InternetAddress(properties.from(), true);
		}
		catch (MessagingException ex) {
			throw new IllegalArgumentException("tijdig.notifier.mail.from is not an address: " + properties.from(), ex);
		}
	}

	String messageIdOf(Recipient recipient, String messageKey) {
		return MessageIds.of(recipient.subscriberId(), messageKey, this.properties.sendingDomain());
	}

	MimeMessage compose(Recipient recipient, Campaign campaign, RenderedMessage message, String messageId) {
		try {
			MimeMessage mime = new StableMimeMessage(this.sender.getSession(), messageId);
			mime.setFrom(this.from);
			mime.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(recipient.email(), true));
			mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
			mime.setSentDate(Date.from(this.clock.instant()));
			mime.setHeader("Content-Language", message.language().name().toLowerCase(Locale.ROOT));
			mime.setHeader("List-Id", "<" + campaign.slug() + "." + this.properties.listIdDomain() + ">");
			// RFC 8058: one click, an HTTPS POST to the same link, no login and no
			// cookies.
			mime.setHeader("List-Unsubscribe", "<" + message.links().unsubscribe() + ">");
			mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
			mime.setHeader("Auto-Submitted", "auto-generated");

			// Text first, HTML last: a client shows the last part it can display.
			MimeBodyPart text = new MimeBodyPart();
			text.setText(message.text(), StandardCharsets.UTF_8.name(), "plain");
			MimeBodyPart html = new MimeBodyPart();
			html.setText(message.html(), StandardCharsets.UTF_8.name(), "html");
			MimeMultipart alternative = new MimeMultipart("alternative");
			alternative.addBodyPart(text);
			alternative.addBodyPart(html);
			mime.setContent(alternative);
			// Saved before signing: the signature covers the headers as they will go.
			mime.saveChanges();
			return this.dkim.sign(mime);
		}
		catch (MessagingException ex) {
			// Never the address in the message: it would end up in logs and events.
			throw new MailPreparationException("Cannot compose message " + messageId, ex);
		}
	}

}

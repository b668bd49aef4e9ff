package nl.tijdig.notifier.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A message whose {@code Message-ID} is ours: Jakarta Mail otherwise replaces it with a
 * random one every time the message is saved before sending.
 */
class StableMimeMessage extends MimeMessage {

	private final String messageId;

	StableMimeMessage(Session session, String messageId) {
		super(session);
		this.messageId = messageId;
	}

	@Override
	protected void updateMessageID() throws MessagingException {
		setHeader("Message-ID", this.messageId);
	}

}

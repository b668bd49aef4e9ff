package nl.tijdig.systemtests;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The Message-ID the notifier gives a message, the same on every attempt: the first 128
 * bits of SHA-256 over the subscriber id and the message key, at the sending domain (the
 * notifier's README, "Every email"). The oracle names each message it expects by it and
 * so recognises it, and a second copy of it, among what the SMTP server received.
 */
final class MessageIds {

	static final String SENDING_DOMAIN = "tijdig.example";

	private MessageIds() {
	}

	static String of(UUID subscriberId, String messageKey) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest((subscriberId + "\n" + messageKey).getBytes(StandardCharsets.UTF_8));
			return "<" + HexFormat.of().formatHex(hash, 0, 16) + "@" + SENDING_DOMAIN + ">";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}

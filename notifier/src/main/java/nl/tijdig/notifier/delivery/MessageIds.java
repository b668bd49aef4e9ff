package nl.tijdig.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The {@code Message-ID} of a message, the same on every attempt: a resend after an
 * in-doubt failure is then recognisably the same message to receiving servers and to the
 * people who look at headers. Hashed, because a message key may hold characters a
 * Message-ID may not, and the subscriber id need not be readable there.
 */
final class MessageIds {

	private MessageIds() {
	}

	static String of(UUID subscriberId, String messageKey, String domain) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] hash = digest.digest((subscriberId + "\n" + messageKey).getBytes(StandardCharsets.UTF_8));
			return "<" + HexFormat.of().formatHex(hash, 0, 16) + "@" + domain + ">";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}

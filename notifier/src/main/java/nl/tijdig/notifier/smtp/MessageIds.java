package nl.tijdig.notifier.smtp;

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

	private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[0-9a-f]{32}");

	private static final HexFormat HEX = HexFormat.of();

	private static final MessageDigest SHA_256;

	static {
		try {
			SHA_256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private MessageIds() {
	}

	/**
	 * The message's return path when each message has its own (VERP): the local part of
	 * {@code returnPath}, a {@code +} and the Message-ID's local part.
	 */
	static String returnPath(String messageId, String returnPath) {
		int at = returnPath.lastIndexOf('@');
		String token = messageId.substring(1, messageId.indexOf('@'));
		return returnPath.substring(0, at) + "+" + token + returnPath.substring(at);
	}

	/**
	 * The Message-ID a return path of {@link #returnPath} names, read back from the
	 * address a report was mailed to.
	 * @return the Message-ID, or {@code null} if the address is no such return path
	 */
	static String ofReturnPath(String address, String domain) {
		if (address == null) {
			return null;
		}
		int at = address.lastIndexOf('@');
		int plus = address.lastIndexOf('+', at);
		if (at < 0 || plus < 0) {
			return null;
		}
		String token = address.substring(plus + 1, at).toLowerCase(java.util.Locale.ROOT);
		return TOKEN.matcher(token).matches() ? "<" + token + "@" + domain + ">" : null;
	}

	static String of(UUID subscriberId, String messageKey, String domain) {
		byte[] hash = sha256().digest((subscriberId + "\n" + messageKey).getBytes(StandardCharsets.UTF_8));
		return "<" + HEX.formatHex(hash, 0, 16) + "@" + domain + ">";
	}

	/**
	 * A copy of one digest: asking the providers for one per message showed up in
	 * profiles.
	 */
	private static MessageDigest sha256() {
		try {
			return (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("SHA-256 cannot be copied", ex);
		}
	}

}

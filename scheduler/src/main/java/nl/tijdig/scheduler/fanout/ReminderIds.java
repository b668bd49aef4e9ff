package nl.tijdig.scheduler.fanout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The id of a wave's request for one subscriber: the name-based UUID (version 3) of
 * {@code campaign/subscriber/message}, exactly what {@link UUID#nameUUIDFromBytes} gives,
 * so that requests sent before and after a crash or an upgrade carry the same id. That
 * method looks the MD5 algorithm up among the security providers on every call, a tenth
 * of a fan-out thread's time; this keeps one digest per thread.
 */
final class ReminderIds {

	private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is part of every Java runtime", ex);
		}
	});

	private ReminderIds() {
	}

	static UUID of(UUID campaignId, UUID subscriberId, String messageKey) {
		byte[] hash = MD5.get()
			.digest((campaignId + "/" + subscriberId + "/" + messageKey).getBytes(StandardCharsets.UTF_8));
		hash[6] = (byte) ((hash[6] & 0x0f) | 0x30);
		hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
		long high = 0;
		long low = 0;
		for (int i = 0; i < 8; i++) {
			high = (high << 8) | (hash[i] & 0xff);
			low = (low << 8) | (hash[8 + i] & 0xff);
		}
		return new UUID(high, low);
	}

}

package nl.tijdig.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes a {@link ReminderRequested} as the same JSON bytes Jackson writes, without
 * Jackson: a wave's fan-out writes one per subscriber, a million in a row, and the
 * general-purpose serializer was a third of the fan-out thread's time (bean properties,
 * UUID and instant serializers, buffer recycling). {@code EventSerdeTests} and
 * {@code ReminderJsonTests} hold the two to the same bytes.
 * <p>
 * The requests of a wave differ only in their id, subscriber and subscription version:
 * the text around those is written once per wave and page (a {@link Shape}) and kept
 * while the requests in a row share it, since formatting the time and the campaign for
 * each was half of what writing a request cost.
 */
final class ReminderJson {

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ID = ascii("{\"id\":");

	private static final byte[] END = ascii("}");

	private static final byte[] NULL = ascii("null");

	// Room for the id, the subscriber and a version beside the shape's text.
	private static final int VARYING = 2 * 38 + 20 + ID.length + END.length;

	private static volatile Shape lastShape;

	private ReminderJson() {
	}

	/**
	 * @return the JSON, or {@code null} when a text field holds a character JSON must
	 * escape: such a request is left to Jackson
	 */
	static byte[] write(ReminderRequested reminder) {
		Shape shape = Shape.of(reminder);
		if (shape == null) {
			return null;
		}
		byte[] json = new byte[VARYING + shape.afterId.length + shape.afterSubscriber.length];
		int at = copy(ID, json, 0);
		at = uuid(reminder.id(), json, at);
		at = copy(shape.afterId, json, at);
		at = uuid(reminder.subscriberId(), json, at);
		at = copy(shape.afterSubscriber, json, at);
		at = number(reminder.subscriptionVersion(), json, at);
		at = copy(END, json, at);
		return Arrays.copyOf(json, at);
	}

	private static int copy(byte[] text, byte[] json, int at) {
		System.arraycopy(text, 0, json, at, text.length);
		return at + text.length;
	}

	/**
	 * As {@link UUID#toString}, quoted: lower-case hex in groups of 8, 4, 4, 4 and 12.
	 */
	private static int uuid(UUID uuid, byte[] json, int at) {
		if (uuid == null) {
			return copy(NULL, json, at);
		}
		long high = uuid.getMostSignificantBits();
		long low = uuid.getLeastSignificantBits();
		json[at] = '"';
		hex(high >>> 32, 8, json, at + 1);
		json[at + 9] = '-';
		hex(high >>> 16, 4, json, at + 10);
		json[at + 14] = '-';
		hex(high, 4, json, at + 15);
		json[at + 19] = '-';
		hex(low >>> 48, 4, json, at + 20);
		json[at + 24] = '-';
		hex(low, 12, json, at + 25);
		json[at + 37] = '"';
		return at + 38;
	}

	private static void hex(long bits, int digits, byte[] json, int at) {
		for (int i = digits - 1; i >= 0; i--) {
			json[at + i] = HEX[(int) (bits & 0xf)];
			bits >>>= 4;
		}
	}

	private static int number(long number, byte[] json, int at) {
		if (number < 0) {
			return copy(ascii(Long.toString(number)), json, at);
		}
		int digits = 1;
		for (long rest = number / 10; rest > 0; rest /= 10) {
			digits++;
		}
		for (int i = at + digits - 1; i >= at; i--) {
			json[i] = (byte) ('0' + number % 10);
			number /= 10;
		}
		return at + digits;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static boolean needsEscaping(String text) {
		if (text == null) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What the requests of one wave and page share, and the JSON it gives between the id
	 * and the subscriber and between the subscriber and the subscription version.
	 */
	private record Shape(Instant time, int schemaVersion, UUID campaignId, MessageKind kind, String messageKey,
			String waveKey, byte[] afterId, byte[] afterSubscriber) {

		/**
		 * @return {@code null} when a text field needs escaping
		 */
		static Shape of(ReminderRequested reminder) {
			Shape shape = lastShape;
			if (shape != null && shape.fits(reminder)) {
				return shape;
			}
			if (needsEscaping(reminder.messageKey()) || needsEscaping(reminder.waveKey())) {
				return null;
			}
			String afterId = ",\"time\":" + ((reminder.time() != null) ? "\"" + reminder.time() + "\"" : "null")
					+ ",\"schemaVersion\":" + reminder.schemaVersion() + ",\"subscriberId\":";
			byte[] campaign = new byte[38];
			int campaignLength = uuid(reminder.campaignId(), campaign, 0);
			String afterSubscriber = ",\"campaignId\":"
					+ new String(campaign, 0, campaignLength, StandardCharsets.US_ASCII) + ",\"kind\":"
					+ text((reminder.kind() != null) ? reminder.kind().name() : null) + ",\"messageKey\":"
					+ text(reminder.messageKey()) + ",\"waveKey\":" + text(reminder.waveKey())
					+ ",\"subscriptionVersion\":";
			shape = new Shape(reminder.time(), reminder.schemaVersion(), reminder.campaignId(), reminder.kind(),
					reminder.messageKey(), reminder.waveKey(), ascii(afterId), ascii(afterSubscriber));
			lastShape = shape;
			return shape;
		}

		private static String text(String text) {
			return (text != null) ? "\"" + text + "\"" : "null";
		}

		private boolean fits(ReminderRequested reminder) {
			return Objects.equals(this.time, reminder.time()) && this.schemaVersion == reminder.schemaVersion()
					&& Objects.equals(this.campaignId, reminder.campaignId()) && this.kind == reminder.kind()
					&& Objects.equals(this.messageKey, reminder.messageKey())
					&& Objects.equals(this.waveKey, reminder.waveKey());
		}

	}

}

package nl.tijdig.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Writes a {@link ReminderRequested} as the same JSON bytes Jackson writes, without
 * Jackson: a wave's fan-out writes one per subscriber, a million in a row, and the
 * general-purpose serializer was a third of the fan-out thread's time (bean properties,
 * UUID and instant serializers, buffer recycling). {@code EventSerdeTests} and
 * {@code ReminderJsonTests} hold the two to the same bytes.
 * <p>
 * Every field that gets this far is ASCII, so the JSON is written as bytes straight away.
 * A fan-out's requests of one page share their time: its text is kept from one request to
 * the next, since formatting an instant was half of what writing a request cost.
 */
final class ReminderJson {

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

	// Room for the field names, three uuids, two numbers, the longest instant and three
	// nulls.
	private static final int FIXED = 352;

	private static volatile Time lastTime;

	private ReminderJson() {
	}

	/**
	 * @return the JSON, or {@code null} when a text field holds a character JSON must
	 * escape: such a request is left to Jackson
	 */
	static byte[] write(ReminderRequested reminder) {
		String kind = (reminder.kind() != null) ? reminder.kind().name() : null;
		String messageKey = reminder.messageKey();
		String waveKey = reminder.waveKey();
		if (needsEscaping(messageKey) || needsEscaping(waveKey)) {
			return null;
		}
		Writer json = new Writer(FIXED + length(kind) + length(messageKey) + length(waveKey));
		json.ascii("{\"id\":");
		json.uuid(reminder.id());
		json.ascii(",\"time\":");
		json.time(reminder.time());
		json.ascii(",\"schemaVersion\":");
		json.number(reminder.schemaVersion());
		json.ascii(",\"subscriberId\":");
		json.uuid(reminder.subscriberId());
		json.ascii(",\"campaignId\":");
		json.uuid(reminder.campaignId());
		json.ascii(",\"kind\":");
		json.text(kind);
		json.ascii(",\"messageKey\":");
		json.text(messageKey);
		json.ascii(",\"waveKey\":");
		json.text(waveKey);
		json.ascii(",\"subscriptionVersion\":");
		json.number(reminder.subscriptionVersion());
		json.ascii("}");
		return json.bytes();
	}

	private static int length(String text) {
		return (text != null) ? text.length() : 0;
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
	 * An instant and its ISO-8601 text, as Jackson and {@link Instant#toString} write it.
	 */
	private record Time(Instant instant, byte[] text) {

		static byte[] of(Instant instant) {
			Time time = lastTime;
			if (time == null || !time.instant.equals(instant)) {
				time = new Time(instant, ('"' + instant.toString() + '"').getBytes(StandardCharsets.US_ASCII));
				lastTime = time;
			}
			return time.text;
		}

	}

	/** ASCII into a byte array sized for the request. */
	private static final class Writer {

		private final byte[] bytes;

		private int length;

		Writer(int capacity) {
			this.bytes = new byte[capacity];
		}

		void ascii(String text) {
			for (int i = 0; i < text.length(); i++) {
				this.bytes[this.length++] = (byte) text.charAt(i);
			}
		}

		void raw(byte[] text) {
			System.arraycopy(text, 0, this.bytes, this.length, text.length);
			this.length += text.length;
		}

		void text(String text) {
			if (text == null) {
				raw(NULL);
				return;
			}
			this.bytes[this.length++] = '"';
			ascii(text);
			this.bytes[this.length++] = '"';
		}

		void time(Instant instant) {
			raw((instant != null) ? Time.of(instant) : NULL);
		}

		void number(long number) {
			ascii(Long.toString(number));
		}

		/** As {@link UUID#toString}: lower-case hex in groups of 8, 4, 4, 4 and 12. */
		void uuid(UUID uuid) {
			if (uuid == null) {
				raw(NULL);
				return;
			}
			this.bytes[this.length++] = '"';
			hex(uuid.getMostSignificantBits() >>> 32, 8);
			this.bytes[this.length++] = '-';
			hex(uuid.getMostSignificantBits() >>> 16, 4);
			this.bytes[this.length++] = '-';
			hex(uuid.getMostSignificantBits(), 4);
			this.bytes[this.length++] = '-';
			hex(uuid.getLeastSignificantBits() >>> 48, 4);
			this.bytes[this.length++] = '-';
			hex(uuid.getLeastSignificantBits(), 12);
			this.bytes[this.length++] = '"';
		}

		private void hex(long bits, int digits) {
			for (int i = digits - 1; i >= 0; i--) {
				this.bytes[this.length + i] = HEX[(int) (bits & 0xf)];
				bits >>>= 4;
			}
			this.length += digits;
		}

		byte[] bytes() {
			return Arrays.copyOf(this.bytes, this.length);
		}

	}

}

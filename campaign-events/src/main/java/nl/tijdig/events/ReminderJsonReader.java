package nl.tijdig.events;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Reads a {@link ReminderRequested} in the one shape {@link ReminderJson} and Jackson
 * write it, without Jackson: the notifier reads every request of a wave, and Jackson's
 * bean deserializer and instant parser were a third of its claiming thread's time.
 * Anything else (another field order, white space, escapes, unknown fields) is left to
 * Jackson. {@code ReminderJsonTests} holds the two to the same result.
 */
final class ReminderJsonReader {

	private ReminderJsonReader() {
	}

	/**
	 * @return the request, or {@code null} when the bytes are not exactly in the shape
	 * {@link #write} (and Jackson) writes: then Jackson is to read them
	 */
	static ReminderRequested read(byte[] json) {
		try {
			return new Reader(json).reminder();
		}
		catch (RuntimeException ex) {
			// Not the shape read here (or not valid at all): Jackson says what is wrong.
			return null;
		}
	}

	/** A cursor over the bytes; any departure from the expected shape throws. */
	private static final class Reader {

		private final byte[] json;

		private int at;

		Reader(byte[] json) {
			this.json = json;
		}

		ReminderRequested reminder() {
			expect("{\"id\":");
			UUID id = uuid();
			expect(",\"time\":");
			String time = text();
			expect(",\"schemaVersion\":");
			int schemaVersion = Math.toIntExact(number());
			expect(",\"subscriberId\":");
			UUID subscriberId = uuid();
			expect(",\"campaignId\":");
			UUID campaignId = uuid();
			expect(",\"kind\":");
			String kind = text();
			expect(",\"messageKey\":");
			String messageKey = text();
			expect(",\"waveKey\":");
			String waveKey = text();
			expect(",\"subscriptionVersion\":");
			long subscriptionVersion = number();
			expect("}");
			if (this.at != this.json.length) {
				throw new IllegalArgumentException("more after the object");
			}
			return new ReminderRequested(id, (time != null) ? instant(time) : null, schemaVersion, subscriberId,
					campaignId, (kind != null) ? MessageKind.valueOf(kind) : null, messageKey, waveKey,
					subscriptionVersion);
		}

		private void expect(String literal) {
			for (int i = 0; i < literal.length(); i++) {
				if (this.json[this.at++] != literal.charAt(i)) {
					throw new IllegalArgumentException("not the expected shape");
				}
			}
		}

		private UUID uuid() {
			String text = text();
			return (text != null) ? UUID.fromString(text) : null;
		}

		/** A string without escapes or characters beyond ASCII, or {@code null}. */
		private String text() {
			if (this.json[this.at] == 'n') {
				expect("null");
				return null;
			}
			expect("\"");
			int start = this.at;
			while (this.json[this.at] != '"') {
				byte b = this.json[this.at++];
				if (b < 0x20 || b == '\\') {
					throw new IllegalArgumentException("escapes or more than ASCII");
				}
			}
			String text = new String(this.json, start, this.at - start, StandardCharsets.US_ASCII);
			this.at++;
			return text;
		}

		private long number() {
			int start = this.at;
			if (this.json[this.at] == '-') {
				this.at++;
			}
			while (this.at < this.json.length && this.json[this.at] >= '0' && this.json[this.at] <= '9') {
				this.at++;
			}
			return Long.parseLong(new String(this.json, start, this.at - start, StandardCharsets.US_ASCII));
		}

	}

	/**
	 * An instant as ISO-8601 writes it in UTC ({@code 2025-10-20T07:00:00.123Z}, with 0,
	 * 3, 6 or 9 digits of fraction), without the general parser; any other form goes to
	 * {@link Instant#parse}.
	 */
	static Instant instant(String text) {
		int length = text.length();
		if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
			return Instant.parse(text);
		}
		int nanos = 0;
		if (length > 20) {
			int digits = length - 21;
			if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
				return Instant.parse(text);
			}
			nanos = digits(text, 20, length - 1);
			for (int i = digits; i < 9; i++) {
				nanos *= 10;
			}
		}
		try {
			long days = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)).toEpochDay();
			int hours = digits(text, 11, 13);
			int minutes = digits(text, 14, 16);
			int seconds = digits(text, 17, 19);
			if (hours > 23 || minutes > 59 || seconds > 59) {
				return Instant.parse(text);
			}
			return Instant.ofEpochSecond(days * 86_400 + hours * 3_600 + minutes * 60 + seconds, nanos);
		}
		catch (DateTimeException ex) {
			return Instant.parse(text);
		}
	}

	private static int digits(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				throw new IllegalArgumentException("not a digit");
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}

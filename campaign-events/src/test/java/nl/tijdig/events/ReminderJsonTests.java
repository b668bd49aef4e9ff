package nl.tijdig.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-written reminder JSON against Jackson's, byte for byte, with the same type
 * header, over random requests and the edge cases a field can hold; and the hand-written
 * reading against Jackson's, on those and on JSON in any other shape.
 */
class ReminderJsonTests {

	private final EventSerializer serializer = configured(new EventSerializer());

	private final JacksonJsonSerializer<Object> jackson = configured(new JacksonJsonSerializer<>());

	private final EventDeserializer deserializer = configured(new EventDeserializer());

	private final JacksonJsonDeserializer<Object> jacksonReader = configured(new JacksonJsonDeserializer<>());

	@Test
	void writesWhatJacksonWritesForRandomRequests() {
		Random random = new Random(20251103L);
		String[] keys = { "wave:14d", "wave:2h", "confirmation:2", "goodbye", "welcome", "" };
		for (int i = 0; i < 2_000; i++) {
			String key = keys[random.nextInt(keys.length)];
			// Whole seconds, milliseconds, microseconds and nanoseconds: ISO-8601 writes
			// each with its own number of digits.
			long nanos = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1000) * 1_000_000L;
				case 2 -> random.nextInt(1_000_000) * 1_000L;
				default -> random.nextInt(1_000_000_000);
			};
			Instant time = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), nanos);
			MessageKind kind = MessageKind.values()[random.nextInt(MessageKind.values().length)];
			ReminderRequested reminder = new ReminderRequested(UUID.randomUUID(), time,
					ReminderRequested.SCHEMA_VERSION, UUID.randomUUID(), UUID.randomUUID(), kind, key,
					random.nextBoolean() ? null : key.replace("wave:", ""),
					random.nextBoolean() ? Versions.NONE : random.nextLong(Long.MAX_VALUE));
			assertThat(ReminderJson.write(reminder)).as("written without Jackson").isNotNull();
			assertSameAsJackson(reminder);
			assertThat(ReminderJsonReader.read(ReminderJson.write(reminder))).as("read without Jackson")
				.isEqualTo(reminder);
			assertReadAsJacksonReads(ReminderJson.write(reminder));
		}
	}

	@Test
	void leavesKeysThatNeedEscapingToJacksonAndStillWritesTheSame() {
		for (String key : new String[] { "wave:\"14d\"", "wave:14d\\", "wave:\n", "golf:\u00e9t\u00e9", "\u2603",
				"tab\there" }) {
			assertThat(ReminderJson.write(request(key, Instant.parse("2025-10-20T07:00:00Z")))).as(key).isNull();
			assertSameAsJackson(request(key, Instant.parse("2025-10-20T07:00:00Z")));
			byte[] escaped = this.serializer.serialize(Topics.REMINDERS, new RecordHeaders(),
					request(key, Instant.parse("2025-10-20T07:00:00Z")));
			assertThat(ReminderJsonReader.read(escaped)).as("left to Jackson: %s", key).isNull();
			assertReadAsJacksonReads(escaped);
		}
	}

	@Test
	void readsFarInstantsAndNullsAsJacksonDoes() {
		for (ReminderRequested reminder : new ReminderRequested[] {
				new ReminderRequested(null, null, 0, null, null, null, null, null, null),
				request("wave:1d", Instant.MAX), request("wave:1d", Instant.EPOCH),
				request("wave:1d", Instant.parse("-0001-01-01T00:00:00.5Z")),
				request("wave:1d", Instant.parse("2024-02-29T23:59:59.000000001Z")) }) {
			byte[] json = this.serializer.serialize(Topics.REMINDERS, new RecordHeaders(), reminder);
			assertThat(this.deserializer.deserialize(Topics.REMINDERS, headers(), json)).isEqualTo(reminder);
			assertReadAsJacksonReads(json);
		}
	}

	@Test
	void leavesEveryOtherShapeToJackson() {
		String canonical = new String(
				ReminderJson.write(request("wave:14d", Instant.parse("2025-10-20T07:00:00.250Z"))),
				StandardCharsets.UTF_8);
		String[] others = {
				// White space, another field order, a field more, a field less.
				canonical.replace(",", ", "), canonical.replace("{\"id\"", "{ \"id\""), reordered(canonical),
				canonical.replace("}", ",\"extra\":1}"), canonical.replaceFirst(",\"waveKey\":\"14d\"", ""),
				// A name with an escape.
				canonical.replace("\"kind\":\"WAVE_REMINDER\"", "\"kind\":\"WAVE\\u005fREMINDER\""), };
		for (String other : others) {
			byte[] json = other.getBytes(StandardCharsets.UTF_8);
			assertThat(ReminderJsonReader.read(json)).as(other).isNull();
			assertReadAsJacksonReads(json);
		}
		// An instant with an offset: the general parser reads it, as Jackson's does.
		assertReadAsJacksonReads(
				canonical.replace("07:00:00.250Z", "09:00:00.250+02:00").getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void failsOnBrokenJsonAsJacksonDoes() {
		String canonical = new String(ReminderJson.write(request("wave:14d", Instant.parse("2025-10-20T07:00:00Z"))),
				StandardCharsets.UTF_8);
		for (String broken : new String[] { canonical.substring(0, canonical.length() - 1),
				canonical.replace("2025-10-20", "2025-13-40"),
				canonical.replace("\"kind\":\"WAVE_REMINDER\"", "\"kind\":\"NOPE\""), canonical + "}" }) {
			byte[] json = broken.getBytes(StandardCharsets.UTF_8);
			assertThat(ReminderJsonReader.read(json)).as(broken).isNull();
			assertThatThrownBy(() -> this.jacksonReader.deserialize(Topics.REMINDERS, headers(), json)).as(broken)
				.isInstanceOf(RuntimeException.class);
			assertThatThrownBy(() -> this.deserializer.deserialize(Topics.REMINDERS, headers(), json)).as(broken)
				.isInstanceOf(RuntimeException.class);
		}
	}

	@Test
	void readsEveryOtherEventAsJacksonDoes() {
		EventFixtures.byFixture().forEach((name, event) -> {
			Headers headers = new RecordHeaders();
			byte[] json = this.serializer.serialize("any", headers, event);
			Headers copy = new RecordHeaders(headers.toArray());
			assertThat(this.deserializer.deserialize("any", headers, json)).as(name)
				.isEqualTo(this.jacksonReader.deserialize("any", copy, json))
				.isEqualTo(event);
		});
	}

	/** The same fields with {@code time} before {@code id}. */
	private static String reordered(String canonical) {
		int time = canonical.indexOf(",\"time\":");
		int schema = canonical.indexOf(",\"schemaVersion\":");
		String id = canonical.substring(1, time);
		String timeField = canonical.substring(time + 1, schema);
		return "{" + timeField + "," + id + canonical.substring(schema);
	}

	private void assertReadAsJacksonReads(byte[] json) {
		Headers fast = headers();
		Object read = this.deserializer.deserialize(Topics.REMINDERS, fast, json);
		assertThat(read).as(new String(json, StandardCharsets.UTF_8))
			.isEqualTo(this.jacksonReader.deserialize(Topics.REMINDERS, headers(), json));
		assertThat(fast.toArray()).as("type header removed as Jackson removes it").isEmpty();
	}

	private static Headers headers() {
		Headers headers = new RecordHeaders();
		headers.add("__TypeId__", EventTypes.nameOf(ReminderRequested.class).getBytes(StandardCharsets.UTF_8));
		return headers;
	}

	@Test
	void writesNullsAndFarInstantsAsJacksonDoes() {
		assertSameAsJackson(new ReminderRequested(null, null, 0, null, null, null, null, null, null));
		assertSameAsJackson(request("wave:1d", Instant.MAX));
		assertSameAsJackson(request("wave:1d", Instant.EPOCH));
		assertSameAsJackson(request("wave:1d", Instant.parse("-0001-01-01T00:00:00.5Z")));
	}

	private void assertSameAsJackson(ReminderRequested reminder) {
		Headers fast = new RecordHeaders();
		Headers general = new RecordHeaders();
		byte[] written = this.serializer.serialize(Topics.REMINDERS, fast, reminder);
		byte[] expected = this.jackson.serialize(Topics.REMINDERS, general, reminder);
		assertThat(new String(written, StandardCharsets.UTF_8)).as("%s", reminder)
			.isEqualTo(new String(expected, StandardCharsets.UTF_8));
		assertThat(fast.toArray()).extracting(Header::key).containsExactly("__TypeId__");
		assertThat(fast.lastHeader("__TypeId__").value()).isEqualTo(general.lastHeader("__TypeId__").value());
	}

	private static ReminderRequested request(String key, Instant time) {
		return ReminderRequested.of(UUID.randomUUID(), UUID.randomUUID(), MessageKind.WAVE_REMINDER, key, "14d", time,
				7);
	}

	private static <T extends JacksonJsonSerializer<Object>> T configured(T serializer) {
		serializer.configure(EventSerde.producerConfig(), false);
		return serializer;
	}

	private static <T extends JacksonJsonDeserializer<Object>> T configured(T deserializer) {
		deserializer.configure(EventSerde.consumerConfig(), false);
		return deserializer;
	}

}

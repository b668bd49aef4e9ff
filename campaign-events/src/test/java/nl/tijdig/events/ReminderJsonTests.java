package nl.tijdig.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written reminder JSON against Jackson's, byte for byte, with the same type
 * header, over random requests and the edge cases a field can hold.
 */
class ReminderJsonTests {

	private final EventSerializer serializer = configured(new EventSerializer());

	private final JacksonJsonSerializer<Object> jackson = configured(new JacksonJsonSerializer<>());

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
		}
	}

	@Test
	void leavesKeysThatNeedEscapingToJacksonAndStillWritesTheSame() {
		for (String key : new String[] { "wave:\"14d\"", "wave:14d\\", "wave:\n", "golf:\u00e9t\u00e9", "\u2603",
				"tab\there" }) {
			assertThat(ReminderJson.write(request(key, Instant.parse("2025-10-20T07:00:00Z")))).as(key).isNull();
			assertSameAsJackson(request(key, Instant.parse("2025-10-20T07:00:00Z")));
		}
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

}

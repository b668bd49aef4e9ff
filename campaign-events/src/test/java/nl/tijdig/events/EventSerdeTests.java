package nl.tijdig.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;

import static org.assertj.core.api.Assertions.assertThat;

class EventSerdeTests {

	private static final String TYPE_HEADER = "__TypeId__";

	static Stream<Arguments> fixtures() {
		return EventFixtures.byFixture().entrySet().stream().map((e) -> Arguments.of(e.getKey(), e.getValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixtures")
	void writesTheFixtureWithTheLogicalTypeName(String fixture, TijdigEvent event) throws Exception {
		Headers headers = new RecordHeaders();
		byte[] json = serializer().serialize(Topics.SUBSCRIBERS, headers, event);

		JSONAssert.assertEquals(read(fixture), new String(json, StandardCharsets.UTF_8), JSONCompareMode.STRICT);
		assertThat(header(headers, TYPE_HEADER)).isEqualTo(event.type()).startsWith("nl.tijdig.");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixtures")
	void readsTheFixtureBackIntoAnEqualEvent(String fixture, TijdigEvent event) throws Exception {
		Headers headers = new RecordHeaders();
		headers.add(TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8));

		Object read = deserializer().deserialize(Topics.SUBSCRIBERS, headers,
				read(fixture).getBytes(StandardCharsets.UTF_8));

		assertThat(read).isEqualTo(event);
	}

	static Stream<Arguments> fixturesWithoutVersion() {
		return EventFixtures.withoutVersion().entrySet().stream().map((e) -> Arguments.of(e.getKey(), e.getValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixturesWithoutVersion")
	void readsAnEventWrittenBeforeVersionsWithoutOne(String fixture, TijdigEvent event) throws Exception {
		Headers headers = new RecordHeaders();
		headers.add(TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8));

		Object read = deserializer().deserialize(Topics.SUBSCRIBERS, headers,
				read(fixture).getBytes(StandardCharsets.UTF_8));

		assertThat(read).isEqualTo(event);
	}

	@Test
	void everyEventTypeHasAFixture() {
		assertThat(EventFixtures.byFixture().values()).extracting(Object::getClass)
			.containsExactlyInAnyOrder(TijdigEvent.class.getPermittedSubclasses());
	}

	@Test
	void refusesAProducersJavaClassNameAsType() {
		Headers headers = new RecordHeaders();
		headers.add(TYPE_HEADER, SubscriptionChanged.class.getName().getBytes(StandardCharsets.UTF_8));

		Object read = deserializer().deserialize(Topics.SUBSCRIBERS, headers, "{}".getBytes(StandardCharsets.UTF_8));

		assertThat(read).isNull();
		assertThat(headers.lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER)).isNotNull();
	}

	@Test
	void turnsMalformedJsonIntoAFailureHeaderInsteadOfAnException() {
		Headers headers = new RecordHeaders();
		headers.add(TYPE_HEADER, "nl.tijdig.reminder.requested".getBytes(StandardCharsets.UTF_8));

		Object read = deserializer().deserialize(Topics.REMINDERS, headers,
				"{\"id\":".getBytes(StandardCharsets.UTF_8));

		assertThat(read).isNull();
		assertThat(headers.lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER)).isNotNull();
	}

	@Test
	void readsATombstoneAsNull() {
		assertThat(deserializer().deserialize(Topics.SUBSCRIBERS, new RecordHeaders(), (byte[]) null)).isNull();
		assertThat(serializer().serialize(Topics.SUBSCRIBERS, new RecordHeaders(), null)).isNull();
	}

	@Test
	void passesRawBytesThroughForTheDeadLetterTopic() {
		byte[] raw = { 1, 2, 3 };
		assertThat(serializer().serialize(Topics.REMINDERS, new RecordHeaders(), raw)).isSameAs(raw);
	}

	private static EventSerializer serializer() {
		EventSerializer serializer = new EventSerializer();
		serializer.configure(EventSerde.producerConfig(), false);
		return serializer;
	}

	private static Deserializer<Object> deserializer() {
		Map<String, Object> config = EventSerde.consumerConfig();
		assertThat(config).containsEntry(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, EventDeserializer.class);
		ErrorHandlingDeserializer<Object> deserializer = new ErrorHandlingDeserializer<>();
		deserializer.configure(config, false);
		return deserializer;
	}

	private static String header(Headers headers, String name) {
		return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	private static String read(String fixture) throws IOException {
		try (InputStream in = EventSerdeTests.class.getResourceAsStream("/fixtures/" + fixture)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}

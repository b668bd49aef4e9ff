package nl.tijdig.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BatchRecordsTests {

	@Test
	void readsTheEventOfARecord() {
		DeliveryRecorded delivery = DeliveryRecorded.of(UUID.randomUUID(), UUID.randomUUID(), MessageKind.WELCOME,
				"welcome", null, DeliveryOutcome.SENT, null, Instant.now());

		assertThat(BatchRecords.event(record(delivery, new RecordHeaders()), DeliveryRecorded.class))
			.isSameAs(delivery);
	}

	@Test
	void saysWhyAnUnreadableRecordHasNoEvent() {
		ConsumerRecord<String, Object> unreadable = unreadable();

		assertThatExceptionOfType(DeserializationException.class)
			.isThrownBy(() -> BatchRecords.event(unreadable, DeliveryRecorded.class));
	}

	@Test
	void rejectsARecordWithoutAnEventOrWithAnotherOne() {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> BatchRecords.event(record(null, new RecordHeaders()), DeliveryRecorded.class))
			.withMessage("No DeliveryRecorded in the record");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> BatchRecords.event(record("text", new RecordHeaders()), DeliveryRecorded.class))
			.withMessage("Not a DeliveryRecorded: String");
	}

	@Test
	void putsTheReasonOnTopAndWhichRecordFailedUnderneath() {
		ConsumerRecord<String, Object> unreadable = unreadable();
		DeserializationException reason = catchDeserialization(unreadable);

		RuntimeException failed = BatchRecords.failed(unreadable, reason);

		assertThat(failed).isInstanceOf(DeserializationException.class);
		assertThat(((DeserializationException) failed).getData()).isEqualTo(reason.getData());
		assertFailedRecord(failed, unreadable);
	}

	@Test
	void putsAContractBreachOnTop() {
		ConsumerRecord<String, Object> record = record("text", new RecordHeaders());

		RuntimeException failed = BatchRecords.failed(record, new InvalidEventException("Missing required attribute"));

		assertThat(failed).isExactlyInstanceOf(InvalidEventException.class).hasMessage("Missing required attribute");
		assertFailedRecord(failed, record);
	}

	@Test
	void putsAListenersOwnReasonOnTopAndLeavesAnyOtherUnderneath() {
		ConsumerRecord<String, Object> record = record("text", new RecordHeaders());

		RuntimeException own = BatchRecords.failed(record, new IllegalStateException("not yet"),
				(reason) -> new IllegalStateException(reason.getMessage()));
		RuntimeException other = BatchRecords.failed(record, new IllegalStateException("database away"));

		assertThat(own).isExactlyInstanceOf(IllegalStateException.class).hasMessage("not yet");
		assertFailedRecord(own, record);
		assertThat(other).isInstanceOf(BatchListenerFailedException.class);
		assertThat(((BatchListenerFailedException) other).getRecord()).isSameAs(record);
		assertThat(other.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("database away");
	}

	private static void assertFailedRecord(RuntimeException failed, ConsumerRecord<?, ?> record) {
		assertThat(failed.getCause()).isInstanceOf(BatchListenerFailedException.class);
		assertThat(((BatchListenerFailedException) failed.getCause()).getRecord()).isSameAs(record);
	}

	private static DeserializationException catchDeserialization(ConsumerRecord<String, Object> record) {
		try {
			BatchRecords.event(record, DeliveryRecorded.class);
		}
		catch (DeserializationException ex) {
			return ex;
		}
		throw new AssertionError("The record was read");
	}

	private static ConsumerRecord<String, Object> unreadable() {
		Headers headers = new RecordHeaders();
		headers.add("__TypeId__", "nl.tijdig.delivery.recorded".getBytes(StandardCharsets.UTF_8));
		ErrorHandlingDeserializer<Object> deserializer = new ErrorHandlingDeserializer<>();
		deserializer.configure(EventSerde.consumerConfig(), false);
		Object value = deserializer.deserialize(Topics.DELIVERIES, headers,
				"{\"id\":".getBytes(StandardCharsets.UTF_8));
		return record(value, headers);
	}

	private static ConsumerRecord<String, Object> record(Object value, Headers headers) {
		return new ConsumerRecord<>(Topics.DELIVERIES, 0, 7, 0, TimestampType.CREATE_TIME, 0, 0, "key", value, headers,
				Optional.empty());
	}

}

package nl.tijdig.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
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
	void tellsATombstoneOfACompactedTopicFromAnUnreadableRecord() {
		assertThat(BatchRecords.eventOrTombstone(record(null, new RecordHeaders()), SubscriptionChanged.class))
			.isNull();
		assertThatExceptionOfType(DeserializationException.class)
			.isThrownBy(() -> BatchRecords.eventOrTombstone(unreadable(), SubscriptionChanged.class));
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(
					() -> BatchRecords.eventOrTombstone(record("text", new RecordHeaders()), SubscriptionChanged.class))
			.withMessage("Not a SubscriptionChanged: String");
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

	@Test
	void takesOnWhatWasReadBeforeTheFirstBadRecordAndThenSaysWhichOneFailed() {
		ConsumerRecord<String, Object> first = record("a", new RecordHeaders());
		ConsumerRecord<String, Object> bad = record(7, new RecordHeaders());
		ConsumerRecord<String, Object> after = record("c", new RecordHeaders());
		List<Object> takenOn = new ArrayList<>();

		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> BatchRecords.takeOn(List.of(first, bad, after),
					(record) -> BatchRecords.event(record, String.class), takenOn::addAll))
			.satisfies((failed) -> assertFailedRecord(failed, bad));
		assertThat(takenOn).containsExactly("a");
	}

	@Test
	void namesTheFirstRecordWhenTheWholeBatchFailsForWantOfTheDatabase() {
		ConsumerRecord<String, Object> first = record("a", new RecordHeaders());
		ConsumerRecord<String, Object> second = record("b", new RecordHeaders());
		RuntimeException away = new DataAccessResourceFailureException("database away");

		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> BatchRecords.takeOn(List.of(first, second), ConsumerRecord::value, (events) -> {
				throw away;
			}))
			.satisfies((failed) -> assertThat(failed.getRecord()).isSameAs(first))
			.withCause(away);
	}

	@Test
	void leavesAnyOtherFailureOfTheWholeBatchAsItIs() {
		RuntimeException bug = new IllegalStateException("a bug");

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> BatchRecords
			.takeOn(List.of(record("a", new RecordHeaders())), ConsumerRecord::value, (events) -> {
				throw bug;
			})).isSameAs(bug);
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

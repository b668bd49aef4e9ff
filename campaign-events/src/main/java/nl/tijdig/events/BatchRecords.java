package nl.tijdig.events;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * What a batch listener needs to treat a bad record the way the contract's error handler
 * treats it in a record listener: a record that cannot be read, or breaks the contract,
 * goes to its dead-letter topic at once with the reason in its headers; the records
 * before it are taken on and those after it are delivered again. The listener reads each
 * record with {@link #event(ConsumerRecord, Class)}, stops at the first that fails, takes
 * on those before it and then throws what
 * {@link #failed(ConsumerRecord, RuntimeException)} made of the failure.
 */
public final class BatchRecords {

	private static final LogAccessor logger = new LogAccessor(LogFactory.getLog(BatchRecords.class));

	private BatchRecords() {
	}

	/**
	 * The event in a record, or why there is none.
	 * @param record a record read with the contract's serde
	 * @param type the event the topic carries
	 * @return the event, never {@code null}
	 * @throws DeserializationException if the record could not be read
	 * @throws InvalidEventException if it holds no event or one of another type
	 */
	public static <T> T event(ConsumerRecord<?, ?> record, Class<T> type) {
		T event = eventOrTombstone(record, type);
		if (event == null) {
			throw new InvalidEventException("No " + type.getSimpleName() + " in the record");
		}
		return event;
	}

	/**
	 * The event in a record of a compacted topic, where a record without a value is a
	 * tombstone.
	 * @param record a record read with the contract's serde
	 * @param type the event the topic carries
	 * @return the event, or {@code null} for a tombstone
	 * @throws DeserializationException if the record could not be read
	 * @throws InvalidEventException if it holds an event of another type
	 */
	public static <T> T eventOrTombstone(ConsumerRecord<?, ?> record, Class<T> type) {
		Object value = record.value();
		if (value == null) {
			// The ErrorHandlingDeserializer leaves an unreadable value null and says why
			// in a header; a batch listener has to look for itself.
			DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
					SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, logger);
			if (unreadable != null) {
				throw unreadable;
			}
			return null;
		}
		if (!type.isInstance(value)) {
			throw new InvalidEventException("Not a " + type.getSimpleName() + ": " + value.getClass().getSimpleName());
		}
		return type.cast(value);
	}

	/**
	 * Reads a batch with {@code read} up to the first record that fails, hands what was
	 * read before it to {@code takeOn}, and then throws what
	 * {@link #failed(ConsumerRecord, RuntimeException)} makes of the failure: the
	 * listener of a batch whose records carry no reasons of its own needs nothing else.
	 * @param records the batch
	 * @param read the record's event as the listener takes it on, or an exception
	 * @param takeOn applies the events read, in one go
	 */
	public static <R extends ConsumerRecord<?, ?>, T> void takeOn(List<R> records, Function<R, T> read,
			Consumer<List<T>> takeOn) {
		List<T> events = new ArrayList<>(records.size());
		RuntimeException invalid = null;
		for (R record : records) {
			try {
				events.add(read.apply(record));
			}
			catch (RuntimeException ex) {
				invalid = failed(record, ex);
				break;
			}
		}
		try {
			takeOn.accept(events);
		}
		catch (RuntimeException ex) {
			// Named after the batch's first record, a failure for want of the database
			// holds the partition as it would in a record listener, however long it
			// lasts; the batch is then read again from that record.
			if (!records.isEmpty() && ConsumerFailures.isInfrastructure(ex)) {
				throw failed(records.get(0), ex);
			}
			throw ex;
		}
		if (invalid != null) {
			throw invalid;
		}
	}

	/**
	 * Says which record failed and why, for a listener that knows no reasons of its own.
	 * @see #failed(ConsumerRecord, RuntimeException, UnaryOperator)
	 */
	public static RuntimeException failed(ConsumerRecord<?, ?> record, RuntimeException reason) {
		return failed(record, reason, (other) -> null);
	}

	/**
	 * Says which record failed and why. The dead-letter recoverer names the first
	 * exception under the listener's wrapper as the cause
	 * ({@code kafka_dlt-exception-cause-fqcn}), so the reason goes on top and the
	 * {@link BatchListenerFailedException} that tells the error handler which record
	 * failed underneath it (the handler looks for it down the chain); the contract's
	 * classification (not retryable: unreadable, invalid) reads the whole chain either
	 * way.
	 * @param record the record that failed
	 * @param reason why it failed
	 * @param ownReasons copies a reason of the listener's own type without its cause, to
	 * go on top in its place; {@code null} for any other, which then only travels
	 * underneath
	 * @return the exception for the listener to throw
	 */
	public static RuntimeException failed(ConsumerRecord<?, ?> record, RuntimeException reason,
			UnaryOperator<RuntimeException> ownReasons) {
		BatchListenerFailedException failed = new BatchListenerFailedException(reason.getMessage(), reason, record);
		if (reason instanceof DeserializationException unreadable) {
			return new DeserializationException(unreadable.getMessage(), unreadable.getData(), unreadable.isKey(),
					failed);
		}
		RuntimeException top = (reason.getClass() == InvalidEventException.class)
				? new InvalidEventException(reason.getMessage()) : ownReasons.apply(reason);
		if (top == null) {
			return failed;
		}
		top.initCause(failed);
		return top;
	}

}

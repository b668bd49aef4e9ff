package nl.tijdig.events;

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
		Object value = record.value();
		if (value == null) {
			// The ErrorHandlingDeserializer leaves an unreadable value null and says why
			// in a header; a batch listener has to look for itself.
			DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
					SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, logger);
			if (unreadable != null) {
				throw unreadable;
			}
			throw new InvalidEventException("No " + type.getSimpleName() + " in the record");
		}
		if (!type.isInstance(value)) {
			throw new InvalidEventException("Not a " + type.getSimpleName() + ": " + value.getClass().getSimpleName());
		}
		return type.cast(value);
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

package nl.tijdig.notifier.delivery;

import java.util.ArrayList;
import java.util.List;

import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.Topics;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Where {@code tijdig.reminders} comes in, a batch of records at a time, claimed in one
 * transaction. A record that cannot be read, or breaks the contract (no subscriber or
 * message, a key that is not its subscriber), goes to {@code tijdig.reminders-dlt} at
 * once; the records before it are taken on, those after it are delivered again, and the
 * consumer goes on. A record that cannot be taken on yet (its subscriber or campaign is
 * not known yet) is retried with back-off from that record on: the contract's error
 * handler does both, told which record failed by a {@link BatchListenerFailedException}.
 */
@Component
class ReminderListener {

	private static final LogAccessor logger = new LogAccessor(LogFactory.getLog(ReminderListener.class));

	private final Claims claims;

	ReminderListener(Claims claims) {
		this.claims = claims;
	}

	@KafkaListener(id = "notifier-reminders", idIsGroup = false, topics = Topics.REMINDERS, batch = "true")
	void on(List<ConsumerRecord<String, Object>> records) {
		List<ReminderRequested> reminders = new ArrayList<>(records.size());
		RuntimeException invalid = null;
		for (ConsumerRecord<String, Object> record : records) {
			try {
				reminders.add(read(record));
			}
			catch (RuntimeException ex) {
				invalid = failed(record, ex);
				break;
			}
		}
		Claims.Failure failure = this.claims.claimAll(reminders);
		if (failure != null) {
			throw failed(records.get(failure.index()), failure.exception());
		}
		if (invalid != null) {
			throw invalid;
		}
	}

	/**
	 * Says which record failed and why. The dead-letter recoverer names the first
	 * exception under the listener's wrapper as the cause
	 * ({@code kafka_dlt-exception-cause-fqcn}), so the reason goes on top and the
	 * {@link BatchListenerFailedException} that tells the error handler which record
	 * failed underneath it (the handler looks for it down the chain); the contract's
	 * classification (not retryable: unreadable, invalid) reads the whole chain either
	 * way.
	 */
	static RuntimeException failed(ConsumerRecord<?, ?> record, RuntimeException reason) {
		BatchListenerFailedException failed = new BatchListenerFailedException(reason.getMessage(), reason, record);
		if (reason instanceof DeserializationException unreadable) {
			return new DeserializationException(unreadable.getMessage(), unreadable.getData(), unreadable.isKey(),
					failed);
		}
		RuntimeException top = null;
		if (reason.getClass() == InvalidEventException.class) {
			top = new InvalidEventException(reason.getMessage());
		}
		else if (reason.getClass() == NotYetKnownException.class) {
			top = new NotYetKnownException(reason.getMessage());
		}
		if (top == null) {
			return failed;
		}
		top.initCause(failed);
		return top;
	}

	private static ReminderRequested read(ConsumerRecord<String, Object> record) {
		if (record.value() == null) {
			// The ErrorHandlingDeserializer leaves an unreadable value null and says why
			// in a header; a batch listener has to look for itself.
			DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
					SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, logger);
			if (unreadable != null) {
				throw unreadable;
			}
			throw new InvalidEventException("No reminder in the record");
		}
		if (!(record.value() instanceof ReminderRequested reminder)) {
			throw new InvalidEventException("Not a reminder: " + record.value().getClass().getSimpleName());
		}
		if (!InvalidEventException.required(reminder.subscriberId(), "subscriberId").toString().equals(record.key())) {
			throw new InvalidEventException("Key does not match subscriberId");
		}
		InvalidEventException.required(reminder.campaignId(), "campaignId");
		InvalidEventException.required(reminder.kind(), "kind");
		InvalidEventException.required(reminder.time(), "time");
		if (InvalidEventException.required(reminder.messageKey(), "messageKey").isBlank()) {
			throw new InvalidEventException("Blank attribute 'messageKey'");
		}
		return reminder;
	}

}

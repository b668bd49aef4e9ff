package nl.tijdig.notifier.delivery;

import java.util.ArrayList;
import java.util.List;

import nl.tijdig.events.BatchRecords;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
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
	 * Says which record failed and why, with a subscriber or campaign not known yet on
	 * top, so that the dead-letter headers name it once the retries are spent.
	 */
	private static RuntimeException failed(ConsumerRecord<?, ?> record, RuntimeException reason) {
		return BatchRecords.failed(record, reason, (own) -> (own.getClass() == NotYetKnownException.class)
				? new NotYetKnownException(own.getMessage()) : null);
	}

	private static ReminderRequested read(ConsumerRecord<String, Object> record) {
		ReminderRequested reminder = BatchRecords.event(record, ReminderRequested.class);
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

package nl.tijdig.scheduler.reminder;

import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.outbox.Outbox;

import org.springframework.stereotype.Component;

/**
 * Requests reminders from the notifier. The one place that keys them: by subscriber, so
 * the notifier sees each subscriber's messages in the order they were requested.
 */
@Component
public class Reminders {

	private final Outbox outbox;

	private final ReminderMetrics metrics;

	Reminders(Outbox outbox, ReminderMetrics metrics) {
		this.outbox = outbox;
		this.metrics = metrics;
	}

	/**
	 * Writes the request to the outbox, to be sent after the surrounding transaction
	 * commits: the caller's database changes and the request happen together or not at
	 * all.
	 */
	public void request(ReminderRequested reminder) {
		this.outbox.append(Topics.REMINDERS, reminder.subscriberId().toString(), reminder);
		this.metrics.requested(reminder);
	}

}

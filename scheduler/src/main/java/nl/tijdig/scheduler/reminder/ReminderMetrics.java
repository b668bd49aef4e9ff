package nl.tijdig.scheduler.reminder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import nl.tijdig.events.ReminderRequested;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts reminder requests for {@code /actuator/prometheus}, by kind and campaign (by id:
 * the scheduler knows no slugs, and campaigns are few), never by subscriber.
 */
@Component
class ReminderMetrics {

	private final MeterRegistry registry;

	ReminderMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Counts the request once the transaction that wrote it commits: a batch rolled back
	 * and retried, or a redelivered subscription change, is counted once.
	 * @param count how many requests like this one (same campaign and kind)
	 */
	void requested(ReminderRequested reminder, int count) {
		Counter counter = Counter.builder("tijdig.scheduler.reminders.requested")
			.description("Reminders requested from the notifier, by kind and campaign")
			.tag("campaign", reminder.campaignId().toString())
			.tag("kind", reminder.kind().name())
			.register(this.registry);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			counter.increment(count);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				counter.increment(count);
			}

		});
	}

}

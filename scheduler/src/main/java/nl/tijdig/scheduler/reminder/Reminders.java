package nl.tijdig.scheduler.reminder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.outbox.Outbox;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * Requests reminders from the notifier. The one place that keys them: by subscriber, so
 * the notifier sees each subscriber's messages in the order they were requested.
 */
@Component
public class Reminders {

	private final Outbox outbox;

	private final KafkaOperations<Object, Object> kafka;

	private final ReminderMetrics metrics;

	Reminders(Outbox outbox, KafkaOperations<Object, Object> kafka, ReminderMetrics metrics) {
		this.outbox = outbox;
		this.kafka = kafka;
		this.metrics = metrics;
	}

	/**
	 * Writes the request to the outbox, to be sent after the surrounding transaction
	 * commits: the caller's database changes and the request happen together or not at
	 * all.
	 */
	public void request(ReminderRequested reminder) {
		this.outbox.append(Topics.REMINDERS, reminder.subscriberId().toString(), reminder);
		this.metrics.requested(reminder, 1);
	}

	/**
	 * Starts a page of requests that go straight to Kafka, each as it is added; the
	 * caller then waits until the broker has acknowledged all of them (the producer is
	 * idempotent, {@code acks=all}).
	 * <p>
	 * Only for requests whose id follows from what they request, so that sending a page
	 * again, because the caller's transaction failed after the acknowledgement, gives the
	 * notifier a duplicate it refuses rather than a second message. A wave's page is: an
	 * outbox row written, read and deleted per reminder would cost more than the reminder
	 * itself. The caller moves its checkpoint once the page is acknowledged, in its
	 * transaction; the counter counts once that commits.
	 */
	public Page page() {
		return new Page();
	}

	/** Requests sent straight to Kafka, not yet known to be acknowledged. */
	public final class Page {

		private final List<CompletableFuture<?>> acks = new ArrayList<>();

		private ReminderRequested first;

		private Page() {
		}

		public void request(ReminderRequested reminder) {
			this.acks.add(Reminders.this.kafka.send(Topics.REMINDERS, reminder.subscriberId().toString(), reminder));
			if (this.first == null) {
				this.first = reminder;
			}
		}

		/**
		 * Returns once every request of the page is acknowledged.
		 * @throws IllegalStateException if the broker did not acknowledge all of them
		 * within {@code timeout}; some may have been written
		 */
		public void awaitAcknowledged(Duration timeout) {
			try {
				CompletableFuture.allOf(this.acks.toArray(CompletableFuture[]::new))
					.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for Kafka to acknowledge reminders", ex);
			}
			catch (ExecutionException | TimeoutException ex) {
				throw new IllegalStateException(
						"Kafka did not acknowledge " + this.acks.size() + " reminder requests within " + timeout, ex);
			}
			if (this.first != null) {
				// A page is one wave's: one campaign, one kind.
				Reminders.this.metrics.requested(this.first, this.acks.size());
			}
		}

	}

}

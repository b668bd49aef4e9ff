package nl.tijdig.scheduler.reminder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.outbox.Outbox;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Requests reminders from the notifier. The one place that keys them: by subscriber, so
 * the notifier sees each subscriber's messages in the order they were requested.
 */
@Component
public class Reminders {

	private final Outbox outbox;

	private final ProducerFactory<Object, Object> producers;

	private final ReminderMetrics metrics;

	Reminders(Outbox outbox, ProducerFactory<Object, Object> producers, ReminderMetrics metrics) {
		this.outbox = outbox;
		this.producers = producers;
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
	public final class Page implements Callback {

		// The shared producer, with one callback for the page rather than KafkaTemplate's
		// future, listener and timer per request: a tenth of a fan-out's sending thread.
		private final Producer<Object, Object> producer = Reminders.this.producers.createProducer();

		private final AtomicInteger unacknowledged = new AtomicInteger();

		private volatile Exception failure;

		private volatile Thread waiter;

		private int requested;

		private volatile ReminderRequested first;

		private Page() {
		}

		/**
		 * Requests one reminder for each item on one of the {@code sending} threads: the
		 * caller goes on reading the next items while these are built and sent.
		 */
		public <T> void requestAll(List<T> items, Function<T, ReminderRequested> reminder, Executor sending) {
			this.unacknowledged.addAndGet(items.size());
			this.requested += items.size();
			try {
				sending.execute(() -> {
					for (int i = 0; i < items.size(); i++) {
						try {
							send(reminder.apply(items.get(i)));
						}
						catch (RuntimeException ex) {
							// This item and the rest will never be acknowledged.
							fail(ex, items.size() - i);
							return;
						}
					}
				});
			}
			catch (RuntimeException ex) {
				fail(ex, items.size());
				throw ex;
			}
		}

		private void send(ReminderRequested reminder) {
			if (this.first == null) {
				this.first = reminder;
			}
			// A send that throws never calls back.
			this.producer.send(new ProducerRecord<>(Topics.REMINDERS, reminder.subscriberId().toString(), reminder),
					this);
		}

		private void fail(Exception exception, int unsent) {
			this.unacknowledged.addAndGet(-unsent + 1);
			onCompletion(null, exception);
		}

		@Override
		public void onCompletion(RecordMetadata metadata, Exception exception) {
			if (exception != null && this.failure == null) {
				this.failure = exception;
			}
			if (this.unacknowledged.decrementAndGet() == 0 || exception != null) {
				Thread waiting = this.waiter;
				if (waiting != null) {
					LockSupport.unpark(waiting);
				}
			}
		}

		/**
		 * Returns once every request of the page is acknowledged.
		 * @throws IllegalStateException if the broker did not acknowledge all of them
		 * within {@code timeout}; some may have been written
		 */
		public void awaitAcknowledged(Duration timeout) {
			try {
				this.waiter = Thread.currentThread();
				long deadline = System.nanoTime() + timeout.toNanos();
				while (this.unacknowledged.get() > 0 && this.failure == null) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						throw new IllegalStateException("Kafka did not acknowledge " + this.unacknowledged.get()
								+ " of " + this.requested + " reminder requests within " + timeout);
					}
					if (Thread.interrupted()) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException("Interrupted while waiting for Kafka to acknowledge reminders");
					}
					LockSupport.parkNanos(this, left);
				}
			}
			finally {
				this.waiter = null;
				this.producer.close();
			}
			if (this.failure != null) {
				throw new IllegalStateException("Kafka did not acknowledge " + this.requested + " reminder requests",
						this.failure);
			}
			if (this.first != null) {
				// A page is one wave's: one campaign, one kind.
				Reminders.this.metrics.requested(this.first, this.requested);
			}
		}

	}

}

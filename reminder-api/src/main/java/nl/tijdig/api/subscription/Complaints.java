package nl.tijdig.api.subscription;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import nl.tijdig.events.BatchRecords;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.Topics;
import nl.tijdig.outbox.Outbox;

/**
 * Unsubscribes a reader who marked one of the campaign's messages as spam: the notifier
 * reports the complaint as a {@code DeliveryRecorded} of {@code COMPLAINED} on
 * {@code tijdig.deliveries} (it has already suppressed the address). The subscription
 * gets the reason {@code complaint} and its {@code SubscriptionChanged} goes out through
 * the outbox like any unsubscribe. A complaint read twice, or about a subscription that
 * is unsubscribed or erased, changes nothing.
 * <p>
 * In a consumer group of its own ({@code tijdig-reminder-api-complaints}): the console's
 * read model takes every delivery in the service's group, and two listeners in one group
 * would share the partitions between them. A record this listener cannot read is left to
 * the console's listener, which puts it on the dead-letter topic once.
 */
@Component
class Complaints {

	private static final Log logger = LogFactory.getLog(Complaints.class);

	static final String REASON = "complaint";

	private final Subscribers subscribers;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final SubscriptionMetrics metrics;

	private final Clock clock;

	Complaints(Subscribers subscribers, Outbox outbox, TransactionTemplate transactions, SubscriptionMetrics metrics,
			Clock clock) {
		this.subscribers = subscribers;
		this.outbox = outbox;
		this.transactions = transactions;
		this.metrics = metrics;
		this.clock = clock;
	}

	@KafkaListener(id = "reminder-api-complaints", groupId = "tijdig-reminder-api-complaints",
			topics = Topics.DELIVERIES, batch = "true")
	void onDeliveries(List<ConsumerRecord<String, Object>> records) {
		for (ConsumerRecord<String, Object> record : records) {
			DeliveryRecorded delivery;
			try {
				delivery = BatchRecords.event(record, DeliveryRecorded.class);
			}
			catch (RuntimeException ex) {
				continue;
			}
			if (delivery.outcome() == DeliveryOutcome.COMPLAINED && delivery.subscriberId() != null) {
				this.transactions.executeWithoutResult((status) -> unsubscribe(delivery));
			}
		}
	}

	private void unsubscribe(DeliveryRecorded complaint) {
		this.subscribers.lock(complaint.subscriberId()).ifPresent((subscriber) -> {
			Subscriber unsubscribed = subscriber.unsubscribe();
			if (unsubscribed.equals(subscriber)) {
				return;
			}
			Instant now = this.clock.instant();
			long version = this.subscribers.update(unsubscribed);
			this.subscribers.unsubscribedFor(unsubscribed.id(), REASON);
			this.outbox.append(Topics.SUBSCRIBERS, unsubscribed.id().toString(),
					unsubscribed.changed(Change.UNSUBSCRIBED, now, version));
			this.metrics.complaint();
			logger.info("Subscriber " + unsubscribed.id() + " of campaign " + unsubscribed.campaignId()
					+ " unsubscribed after a complaint about message '" + complaint.messageKey() + "'");
		});
	}

}

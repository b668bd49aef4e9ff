package nl.tijdig.api.console.dashboard;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import nl.tijdig.events.BatchRecords;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.Topics;
import nl.tijdig.events.WaveProgressed;

/**
 * Builds the console's counts from the events of all three services. Each event is
 * recorded as processed in the transaction that applies it, before anything is counted,
 * so a redelivery (the outbox sends at least once) counts nothing twice. Subscriber
 * changes ({@link SubscriberCounts}) and deliveries, one per email
 * ({@link DeliveryCounts}), come a batch per transaction; wave progress, a few events per
 * wave, one at a time.
 */
@Component
class ConsoleProjection {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ProcessedEvents processed;

	private final SubscriberCounts subscriberCounts;

	private final DeliveryCounts deliveryCounts;

	ConsoleProjection(JdbcClient jdbc, TransactionTemplate transactions, ProcessedEvents processed,
			SubscriberCounts subscriberCounts, DeliveryCounts deliveryCounts) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.processed = processed;
		this.subscriberCounts = subscriberCounts;
		this.deliveryCounts = deliveryCounts;
	}

	/**
	 * Takes the subscribers' changes and erasures a batch at a time, like the deliveries
	 * below.
	 */
	@KafkaListener(id = "reminder-api-console-subscribers", idIsGroup = false, topics = Topics.SUBSCRIBERS,
			batch = "true")
	void onSubscriptions(List<ConsumerRecord<String, Object>> records) {
		BatchRecords.takeOn(records, ConsoleProjection::valid, this.subscriberCounts::count);
	}

	private static SubscriberCounts.SubscriberRecord valid(ConsumerRecord<String, Object> record) {
		UUID subscriberId = uuid(record.key(), "key");
		SubscriptionChanged change = BatchRecords.eventOrTombstone(record, SubscriptionChanged.class);
		if (change == null) {
			return new SubscriberCounts.SubscriberRecord(subscriberId, null, Instant.ofEpochMilli(record.timestamp()));
		}
		if (!subscriberId.equals(InvalidEventException.required(change.subscriberId(), "subscriberId"))) {
			throw new InvalidEventException("Key does not match subscriberId");
		}
		InvalidEventException.required(change.id(), "id");
		InvalidEventException.required(change.campaignId(), "campaignId");
		InvalidEventException.required(change.status(), "status");
		InvalidEventException.required(change.change(), "change");
		return new SubscriberCounts.SubscriberRecord(subscriberId, change,
				InvalidEventException.required(change.time(), "time"));
	}

	/**
	 * Takes the deliveries a batch at a time. A record that cannot be read, or breaks the
	 * contract, goes to {@code tijdig.deliveries-dlt} at once; the records before it are
	 * counted, those after it are delivered again.
	 */
	@KafkaListener(id = "reminder-api-console-deliveries", idIsGroup = false, topics = Topics.DELIVERIES,
			batch = "true")
	void onDeliveries(List<ConsumerRecord<String, Object>> records) {
		BatchRecords.takeOn(records, (record) -> valid(BatchRecords.event(record, DeliveryRecorded.class)),
				this.deliveryCounts::count);
	}

	private static DeliveryRecorded valid(DeliveryRecorded delivery) {
		InvalidEventException.required(delivery.id(), "id");
		InvalidEventException.required(delivery.campaignId(), "campaignId");
		InvalidEventException.required(delivery.kind(), "kind");
		InvalidEventException.required(delivery.outcome(), "outcome");
		InvalidEventException.required(delivery.time(), "time");
		return delivery;
	}

	@KafkaListener(id = "reminder-api-console-waves", idIsGroup = false, topics = Topics.WAVES)
	void onWave(WaveProgressed progress) {
		UUID eventId = InvalidEventException.required(progress.id(), "id");
		UUID campaignId = InvalidEventException.required(progress.campaignId(), "campaignId");
		String waveKey = InvalidEventException.required(progress.waveKey(), "waveKey");
		WaveProgressed.Phase phase = InvalidEventException.required(progress.phase(), "phase");
		Timestamp time = Timestamp.from(InvalidEventException.required(progress.time(), "time"));
		this.transactions.executeWithoutResult((tx) -> {
			if (this.processed.firstTime(List.of(eventId)).isEmpty()) {
				return;
			}
			// The count is a running total, so the largest one seen wins whatever the
			// order.
			this.jdbc.sql("""
					INSERT INTO console_wave (campaign_id, wave_key, started_at, fanned_out, finished_at)
					VALUES (:campaign, :wave, :started, :count, :finished)
					ON CONFLICT (campaign_id, wave_key) DO UPDATE SET
					  started_at = COALESCE(console_wave.started_at, excluded.started_at),
					  fanned_out = GREATEST(console_wave.fanned_out, excluded.fanned_out),
					  finished_at = COALESCE(console_wave.finished_at, excluded.finished_at)
					""")
				.param("campaign", campaignId)
				.param("wave", waveKey)
				.param("started", (phase == WaveProgressed.Phase.STARTED) ? time : null)
				.param("count", progress.count())
				.param("finished", (phase == WaveProgressed.Phase.FINISHED) ? time : null)
				.update();
		});
	}

	private static UUID uuid(String value, String name) {
		try {
			return UUID.fromString(InvalidEventException.required(value, name));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEventException("The " + name + " is not a UUID");
		}
	}

}

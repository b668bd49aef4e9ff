package nl.tijdig.api.console.dashboard;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
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
 * so a redelivery (the outbox sends at least once) counts nothing twice. Subscriber and
 * wave events come one at a time; deliveries, one per email, a batch per transaction
 * ({@link DeliveryCounts}).
 */
@Component
class ConsoleProjection {

	static final String ERASED = "ERASED";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final DeliveryCounts deliveryCounts;

	ConsoleProjection(JdbcClient jdbc, TransactionTemplate transactions, DeliveryCounts deliveryCounts) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.deliveryCounts = deliveryCounts;
	}

	@KafkaListener(id = "reminder-api-console-subscribers", idIsGroup = false, topics = Topics.SUBSCRIBERS)
	void onSubscription(@Payload(required = false) SubscriptionChanged change,
			@Header(KafkaHeaders.RECEIVED_KEY) String key, @Header(KafkaHeaders.RECEIVED_TIMESTAMP) long timestamp) {
		UUID subscriberId = uuid(key, "key");
		if (change == null) {
			erase(subscriberId, Instant.ofEpochMilli(timestamp));
			return;
		}
		if (!subscriberId.equals(InvalidEventException.required(change.subscriberId(), "subscriberId"))) {
			throw new InvalidEventException("Key does not match subscriberId");
		}
		UUID eventId = InvalidEventException.required(change.id(), "id");
		UUID campaignId = InvalidEventException.required(change.campaignId(), "campaignId");
		String status = InvalidEventException.required(change.status(), "status").name();
		String step = InvalidEventException.required(change.change(), "change").name();
		Instant time = InvalidEventException.required(change.time(), "time");
		this.transactions.executeWithoutResult((tx) -> {
			if (!firstTime(eventId)) {
				return;
			}
			this.jdbc
				.sql("""
						INSERT INTO console_subscriber (subscriber_id, campaign_id, status) VALUES (?, ?, ?)
						ON CONFLICT (subscriber_id) DO UPDATE SET campaign_id = excluded.campaign_id, status = excluded.status
						""")
				.params(subscriberId, campaignId, status)
				.update();
			// A second request for the confirmation is no step of the funnel.
			if (change.change() != SubscriptionChanged.Change.CONFIRMATION_REQUESTED) {
				count(campaignId, step, time);
			}
		});
	}

	/**
	 * A tombstone has no event id; what makes it count once is that it removes the row
	 * that says which campaign to count it for.
	 */
	private void erase(UUID subscriberId, Instant time) {
		this.transactions.executeWithoutResult(
				(tx) -> this.jdbc.sql("DELETE FROM console_subscriber WHERE subscriber_id = ? RETURNING campaign_id")
					.param(subscriberId)
					.query(UUID.class)
					.optional()
					.ifPresent((campaignId) -> count(campaignId, ERASED, time)));
	}

	/**
	 * Takes the deliveries a batch at a time. A record that cannot be read, or breaks the
	 * contract, goes to {@code tijdig.deliveries-dlt} at once; the records before it are
	 * counted, those after it are delivered again.
	 */
	@KafkaListener(id = "reminder-api-console-deliveries", idIsGroup = false, topics = Topics.DELIVERIES,
			batch = "true")
	void onDeliveries(List<ConsumerRecord<String, Object>> records) {
		List<DeliveryRecorded> deliveries = new ArrayList<>(records.size());
		RuntimeException invalid = null;
		for (ConsumerRecord<String, Object> record : records) {
			try {
				deliveries.add(valid(BatchRecords.event(record, DeliveryRecorded.class)));
			}
			catch (RuntimeException ex) {
				invalid = BatchRecords.failed(record, ex);
				break;
			}
		}
		this.deliveryCounts.count(deliveries);
		if (invalid != null) {
			throw invalid;
		}
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
			if (!firstTime(eventId)) {
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

	private boolean firstTime(UUID eventId) {
		return this.jdbc.sql("INSERT INTO console_processed_event (event_id) VALUES (?) ON CONFLICT DO NOTHING")
			.param(eventId)
			.update() == 1;
	}

	private void count(UUID campaignId, String step, Instant time) {
		this.jdbc.sql("""
				INSERT INTO console_funnel (campaign_id, step, count) VALUES (?, ?, 1)
				ON CONFLICT (campaign_id, step) DO UPDATE SET count = console_funnel.count + 1
				""").params(campaignId, step).update();
		this.jdbc.sql("""
				INSERT INTO console_funnel_minute (campaign_id, step, minute, count) VALUES (?, ?, ?, 1)
				ON CONFLICT (campaign_id, step, minute) DO UPDATE SET count = console_funnel_minute.count + 1
				""").params(campaignId, step, Timestamp.from(time.truncatedTo(ChronoUnit.MINUTES))).update();
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

package nl.tijdig.notifier.recipient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.event.ListenerContainerPartitionIdleEvent;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@link Recipients} in step with {@code tijdig.subscribers}. Each event carries
 * the whole resulting state, so applying one is an upsert; a redelivered or stale event
 * (a version not above the row's) changes nothing. Events without a version follow
 * Kafka's order ({@link nl.tijdig.events.Versions}); their times, from the clocks of
 * different instances, decide nothing.
 * <p>
 * Each row notes the partition and offset of the record it was last written from, and
 * {@link ErasureCoverage} is told of every assignment and catch-up: a projection that was
 * away longer than tombstones are kept re-reads the partition ({@link PartitionReRead}).
 */
@Component
class SubscriberProjection implements ConsumerSeekAware {

	static final String LISTENER_ID = "notifier-subscribers";

	private static final Log logger = LogFactory.getLog(SubscriberProjection.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ErasureCoverage coverage;

	SubscriberProjection(JdbcClient jdbc, TransactionTemplate transactions, ErasureCoverage coverage) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.coverage = coverage;
	}

	@KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.SUBSCRIBERS,
			containerPostProcessor = "subscriberContainerPostProcessor")
	void on(@Payload(required = false) SubscriptionChanged change, @Header(KafkaHeaders.RECEIVED_KEY) String key,
			@Header(KafkaHeaders.RECEIVED_TIMESTAMP) long timestamp,
			@Header(KafkaHeaders.RECEIVED_PARTITION) int partition, @Header(KafkaHeaders.OFFSET) long offset,
			Consumer<?, ?> consumer) {
		apply(change, key, timestamp, new Position(partition, offset));
		this.coverage.applied(consumer, partition);
	}

	private void apply(SubscriptionChanged change, String key, long timestamp, Position position) {
		UUID subscriberId = subscriberIdOf(key);
		if (change == null) {
			erase(subscriberId, Instant.ofEpochMilli(timestamp));
			return;
		}
		if (!subscriberId.equals(InvalidEventException.required(change.subscriberId(), "subscriberId"))) {
			throw new InvalidEventException("Key does not match subscriberId");
		}
		InvalidEventException.required(change.campaignId(), "campaignId");
		InvalidEventException.required(change.email(), "email");
		InvalidEventException.required(change.language(), "language");
		InvalidEventException.required(change.status(), "status");
		InvalidEventException.required(change.time(), "time");
		apply(change, position);
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		assignments.keySet().forEach((partition) -> this.coverage.assigned(partition.partition()));
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		// Nothing to give up: the partition's notes are in the database.
	}

	@EventListener(condition = "event.listenerId.startsWith('" + LISTENER_ID + "')")
	void on(ListenerContainerPartitionIdleEvent event) {
		this.coverage.idle(event.getConsumer(), event.getTopicPartition(), event.isPaused());
	}

	/**
	 * A partition that gets no records is caught up too: the container says so after
	 * {@code caught-up-every}.
	 */
	@Bean
	static ContainerPostProcessor<String, Object, AbstractMessageListenerContainer<String, Object>> subscriberContainerPostProcessor(
			RecipientProperties properties) {
		return (container) -> container.getContainerProperties()
			.setIdlePartitionEventInterval(properties.caughtUpEvery().toMillis());
	}

	private static UUID subscriberIdOf(String key) {
		try {
			return UUID.fromString(InvalidEventException.required(key, "key"));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEventException("Key is not a subscriber id");
		}
	}

	void apply(SubscriptionChanged change, Position position) {
		// An erased subscriber stays erased even if an older event of theirs is replayed.
		int applied = this.jdbc.sql("""
				insert into recipient (subscriber_id, campaign_id, email, language, status, last_event_time, version,
					kafka_partition, kafka_offset)
				select :subscriberId, :campaignId, :email, :language, :status, :time, :version, :partition, :offset
				where not exists (select 1 from erased_recipient where subscriber_id = :subscriberId)
				on conflict (subscriber_id) do update
				set campaign_id = excluded.campaign_id, email = excluded.email, language = excluded.language,
					status = excluded.status, last_event_time = excluded.last_event_time, version = excluded.version,
					kafka_partition = excluded.kafka_partition, kafka_offset = excluded.kafka_offset
				where excluded.version = 0 or recipient.version = 0 or recipient.version < excluded.version
				""")
			.param("subscriberId", change.subscriberId())
			.param("campaignId", change.campaignId())
			.param("email", change.email())
			.param("language", change.language().name())
			.param("status", change.status().name())
			.param("time", Timestamp.from(change.time()))
			.param("version", change.version())
			.param("partition", position.partition())
			.param("offset", position.offset())
			.update();
		if (applied == 0 && logger.isDebugEnabled()) {
			logger.debug("Ignored stale or erased subscription event " + change.id());
		}
	}

	/**
	 * A tombstone: the person asked to be forgotten. The address goes; the bare id stays
	 * so that reminders still in flight for them are suppressed rather than retried.
	 */
	void erase(UUID subscriberId, Instant time) {
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("delete from recipient where subscriber_id = :id").param("id", subscriberId).update();
			this.jdbc.sql("""
					insert into erased_recipient (subscriber_id, erased_at) values (:id, :time)
					on conflict (subscriber_id) do nothing
					""").param("id", subscriberId).param("time", Timestamp.from(time)).update();
		});
	}

	/** Where in {@code tijdig.subscribers} a record was read. */
	record Position(int partition, long offset) {
	}

}

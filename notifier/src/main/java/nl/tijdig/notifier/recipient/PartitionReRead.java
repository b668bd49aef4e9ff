package nl.tijdig.notifier.recipient;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import nl.tijdig.events.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes the projection forget whoever was erased while it was away for longer than
 * tombstones are kept. It reads one partition of {@code tijdig.subscribers} from its
 * start until it finds no more: the compacted log holds the latest record of every
 * subscriber still there, and nobody who was erased longer ago than the retention. Each
 * id whose latest record read is not a tombstone is marked; then, in one transaction, the
 * partition's rows not marked and written from a record before where the reading stopped
 * are erased as a tombstone would, and the partition is noted as applied up to when the
 * re-read began.
 * <p>
 * It reads on to the end as it is when it gets there, not as it was when it began:
 * compaction may remove a subscriber's record that was before the first end while the
 * re-read runs, but only for a later record of theirs, which it then reads too.
 * <p>
 * Runs beside the listener, on a consumer of its own that joins no group, so the
 * projection keeps following the partition meanwhile: a row the listener writes from a
 * record after where the re-read stopped is kept, one it writes from an earlier record is
 * decided like any other. A crash before the sweep leaves every row as it was and the
 * partition still to be re-read; the marks it leaves are deleted by the partition's next
 * re-read.
 * <p>
 * Longer than 300 lines on purpose: reading, marking and the sweep must agree on where
 * the reading stopped, and the crash cases above are easier to check in one class.
 */
@Component
class PartitionReRead implements DisposableBean {

	private static final Log logger = LogFactory.getLog(PartitionReRead.class);

	private static final Duration POLL = Duration.ofSeconds(1);

	private final KafkaProperties kafkaProperties;

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final TransactionTemplate transactions;

	private final ErasuresApplied erasuresApplied;

	private final TombstoneRetention tombstoneRetention;

	private final Clock clock;

	private final Counter reReads;

	private final Counter forgotten;

	private final Set<Integer> running = ConcurrentHashMap.newKeySet();

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "tijdig-recipient-reread");
		thread.setDaemon(true);
		return thread;
	});

	PartitionReRead(KafkaProperties kafkaProperties, JdbcClient jdbc, JdbcTemplate batches,
			TransactionTemplate transactions, ErasuresApplied erasuresApplied, TombstoneRetention tombstoneRetention,
			Clock clock, MeterRegistry registry) {
		this.kafkaProperties = kafkaProperties;
		this.jdbc = jdbc;
		this.batches = batches;
		this.transactions = transactions;
		this.erasuresApplied = erasuresApplied;
		this.tombstoneRetention = tombstoneRetention;
		this.clock = clock;
		this.reReads = Counter.builder("tijdig.notifier.recipients.rereads")
			.description("Re-reads of a partition of tijdig.subscribers from its start begun, because the projection "
					+ "had been away longer than it may be and still read every tombstone")
			.register(registry);
		this.forgotten = Counter.builder("tijdig.notifier.recipients.forgotten")
			.description("Recipients erased by a re-read: their tombstone was gone before the projection read it")
			.register(registry);
	}

	/**
	 * Re-reads the partition in the background, unless this instance is at it already.
	 */
	void start(int partition) {
		if (this.running.add(partition)) {
			this.reReads.increment();
			this.executor.execute(() -> {
				try {
					run(partition);
				}
				catch (InterruptException ex) {
					// The notifier stops; its next start re-reads the partition.
					logger.info("Re-reading partition " + partition + " of " + Topics.SUBSCRIBERS + " stopped");
				}
				catch (RuntimeException ex) {
					// The partition is still stale: the next assignment or catch-up tries
					// again.
					logger.warn("Re-reading partition " + partition + " of " + Topics.SUBSCRIBERS + " failed", ex);
				}
				finally {
					this.running.remove(partition);
				}
			});
		}
	}

	private void run(int partition) {
		Duration maxAway = this.tombstoneRetention.maxAway();
		Instant started = this.clock.instant();
		TopicPartition topicPartition = new TopicPartition(Topics.SUBSCRIBERS, partition);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
			consumer.assign(List.of(topicPartition));
			consumer.seekToBeginning(List.of(topicPartition));
			long end = consumer.endOffsets(List.of(topicPartition)).get(topicPartition);
			int partitions = consumer.partitionsFor(Topics.SUBSCRIBERS).size();
			logger.info("Re-reading partition " + partition + " of " + Topics.SUBSCRIBERS + " from its start (" + end
					+ " offsets)" + ": the projection was away longer than " + maxAway);
			UUID reReadId = begin(partition, started, end, maxAway);
			while (consumer.position(topicPartition) < consumer.endOffsets(List.of(topicPartition))
				.get(topicPartition)) {
				mark(reReadId, partition, consumer.poll(POLL).records(topicPartition));
			}
			long readTo = consumer.position(topicPartition);
			if (this.clock.instant().isAfter(started.plus(maxAway))) {
				// Tombstones written after it began may be gone already: not a sound
				// picture of the partition.
				this.jdbc.sql("delete from recipient_reread where reread_id = :id").param("id", reReadId).update();
				throw new IllegalStateException("The re-read took longer than " + maxAway);
			}
			int swept = sweep(reReadId, partition, readTo, started, partitions);
			this.forgotten.increment(swept);
			logger.info("Re-read partition " + partition + " of " + Topics.SUBSCRIBERS + ": forgot " + swept
					+ " recipients whose erasure had not reached the projection");
		}
	}

	private Map<String, Object> consumerConfig() {
		Map<String, Object> config = new HashMap<>(this.kafkaProperties.buildConsumerProperties());
		// Assigned, not subscribed: it must neither take partitions from the group's
		// members nor commit their offsets.
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "notifier-recipient-reread");
		// Only the key and whether there is a value matter.
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return config;
	}

	private UUID begin(int partition, Instant started, long end, Duration maxAway) {
		UUID reReadId = UUID.randomUUID();
		this.transactions.executeWithoutResult((status) -> {
			// Left by a re-read that crashed; one still running would be too old to
			// sweep anyway.
			this.jdbc.sql("delete from recipient_reread where kafka_partition = :partition and started_at < :before")
				.param("partition", partition)
				.param("before", Timestamp.from(started.minus(maxAway)))
				.update();
			this.jdbc.sql("""
					insert into recipient_reread (reread_id, kafka_partition, started_at, end_offset)
					values (:id, :partition, :started, :end)
					""")
				.param("id", reReadId)
				.param("partition", partition)
				.param("started", Timestamp.from(started))
				.param("end", end)
				.update();
		});
		return reReadId;
	}

	/**
	 * Marks the subscribers whose latest record in the batch is not a tombstone, and
	 * unmarks those whose latest is.
	 */
	private void mark(UUID reReadId, int partition, List<ConsumerRecord<String, byte[]>> records) {
		Map<UUID, Long> present = new HashMap<>();
		Set<UUID> erased = new HashSet<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			UUID subscriberId = subscriberIdOf(record.key());
			if (subscriberId == null) {
				// Not a subscriber's record: the listener dead-letters it.
				continue;
			}
			if (record.value() == null) {
				present.remove(subscriberId);
				erased.add(subscriberId);
			}
			else {
				erased.remove(subscriberId);
				present.put(subscriberId, record.offset());
			}
		}
		if (present.isEmpty() && erased.isEmpty()) {
			return;
		}
		List<Object[]> seen = new ArrayList<>();
		List<Object[]> positions = new ArrayList<>();
		present.forEach((subscriberId, offset) -> {
			seen.add(new Object[] { reReadId, subscriberId });
			positions.add(new Object[] { partition, offset, subscriberId });
		});
		List<Object[]> unseen = erased.stream().map((subscriberId) -> new Object[] { reReadId, subscriberId }).toList();
		this.transactions.executeWithoutResult((status) -> {
			this.batches.batchUpdate("""
					insert into recipient_reread_seen (reread_id, subscriber_id) values (?, ?)
					on conflict do nothing
					""", seen);
			// A row from before the projection noted partitions takes this one.
			this.batches.batchUpdate("""
					update recipient set kafka_partition = ?, kafka_offset = ?
					where subscriber_id = ? and kafka_partition is null
					""", positions);
			this.batches.batchUpdate("delete from recipient_reread_seen where reread_id = ? and subscriber_id = ?",
					unseen);
		});
	}

	private static UUID subscriberIdOf(String key) {
		try {
			return (key != null) ? UUID.fromString(key) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private int sweep(UUID reReadId, int partition, long readTo, Instant started, int partitions) {
		Integer swept = this.transactions.execute((status) -> {
			// A later re-read of the partition that ended first took this one's marks
			// away, and with them any ground to sweep.
			if (this.jdbc.sql("select reread_id from recipient_reread where reread_id = :id for update")
				.param("id", reReadId)
				.query(UUID.class)
				.optional()
				.isEmpty()) {
				throw new IllegalStateException("A later re-read of partition " + partition + " ended first");
			}
			int count = forget("""
					kafka_partition = :partition and kafka_offset < :readTo and not exists (
						select 1 from recipient_reread_seen seen
						where seen.reread_id = :id and seen.subscriber_id = recipient.subscriber_id)
					""", Map.of("partition", partition, "readTo", readTo, "id", reReadId));
			this.erasuresApplied.reReadEnded(partition, started);
			// This one's, and those of the partition begun before it: crashed, or still
			// running elsewhere, and then too late to sweep.
			this.jdbc.sql("delete from recipient_reread where kafka_partition = :partition and started_at <= :started")
				.param("partition", partition)
				.param("started", Timestamp.from(started))
				.update();
			if (this.erasuresApplied.known() >= partitions) {
				// Every partition has been re-read since rows noted theirs: a row that
				// still has none is in none of them.
				count += forget("kafka_partition is null", Map.of());
			}
			return count;
		});
		return (swept != null) ? swept : 0;
	}

	/**
	 * Erases the rows that match as {@link SubscriberProjection} erases on a tombstone.
	 */
	private int forget(String condition, Map<String, Object> params) {
		return this.jdbc.sql("""
				with forgotten as (delete from recipient where %s returning subscriber_id)
				insert into erased_recipient (subscriber_id, erased_at)
				select subscriber_id, :now from forgotten
				on conflict (subscriber_id) do nothing
				""".formatted(condition)).params(params).param("now", Timestamp.from(this.clock.instant())).update();
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}

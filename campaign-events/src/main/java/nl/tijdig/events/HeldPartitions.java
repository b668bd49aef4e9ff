package nl.tijdig.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.KafkaUtils;

/**
 * The partitions this instance's listeners hold back because the infrastructure is away:
 * the error handler says when a record failed and why ({@link RetryListener}), the
 * listener containers when a record or batch went through ({@link RecordInterceptor},
 * {@link BatchInterceptor}) and when a partition went to another instance
 * ({@link ConsumerAwareRebalanceListener}). Every callback comes on the consumer's own
 * thread, which knows its group.
 * <p>
 * A hold that has not failed again for {@code staleAfter} is no longer reported: while
 * the infrastructure is away a held record fails at least once per longest back-off, so
 * only a callback that never came (a container stopped mid-retry) leaves one that old.
 */
final class HeldPartitions implements RetryListener, RecordInterceptor<Object, Object>,
		BatchInterceptor<Object, Object>, ConsumerAwareRebalanceListener {

	private static final Log logger = LogFactory.getLog(HeldPartitions.class);

	private final Map<Key, Hold> holds = new ConcurrentHashMap<>();

	private final Clock clock;

	private final Duration staleAfter;

	HeldPartitions(Clock clock, Duration staleAfter) {
		this.clock = clock;
		this.staleAfter = staleAfter;
	}

	/** The partitions held now, the longest held first. */
	List<Hold> current() {
		Instant recent = this.clock.instant().minus(this.staleAfter);
		return this.holds.values()
			.stream()
			.filter((hold) -> hold.lastFailure().isAfter(recent))
			.sorted(Comparator.comparing(Hold::since))
			.toList();
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception failure, int deliveryAttempt) {
		Key key = Key.of(record.topic(), record.partition());
		if (failure == null || !ConsumerFailures.isInfrastructure(failure)) {
			release(key, Long.MAX_VALUE);
			return;
		}
		hold(key, record.offset(), failure);
	}

	/**
	 * A batch that failed as a whole (no record named): every partition in it waits. One
	 * that names its record comes here too, and again for that record alone.
	 */
	@Override
	public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int deliveryAttempt) {
		if (namesItsRecord(failure) || !ConsumerFailures.isInfrastructure(failure)) {
			return;
		}
		for (TopicPartition partition : records.partitions()) {
			hold(Key.of(partition.topic(), partition.partition()), records.records(partition).get(0).offset(), failure);
		}
	}

	@Override
	public void recovered(ConsumerRecord<?, ?> record, @Nullable Exception failure) {
		release(Key.of(record.topic(), record.partition()), Long.MAX_VALUE);
	}

	@Override
	public @Nullable ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
			Consumer<Object, Object> consumer) {
		return record;
	}

	@Override
	public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
		release(Key.of(record.topic(), record.partition()), record.offset());
	}

	@Override
	public @Nullable ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
			Consumer<Object, Object> consumer) {
		return records;
	}

	@Override
	public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
		for (TopicPartition partition : records.partitions()) {
			List<ConsumerRecord<Object, Object>> taken = records.records(partition);
			release(Key.of(partition.topic(), partition.partition()), taken.get(taken.size() - 1).offset());
		}
	}

	@Override
	public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		partitions.forEach((partition) -> release(Key.of(partition.topic(), partition.partition()), Long.MAX_VALUE));
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		onPartitionsRevokedAfterCommit(consumer, partitions);
	}

	private void hold(Key key, long offset, Exception failure) {
		Instant now = this.clock.instant();
		String reason = ConsumerFailures.describe(failure);
		Hold previous = this.holds.get(key);
		boolean same = previous != null && previous.offset() == offset;
		this.holds.put(key, new Hold(key.group(), key.topic(), key.partition(), offset, same ? previous.since() : now,
				now, reason));
		if (!same) {
			logger.warn("Holding " + key + "@" + offset + " (group " + key.group()
					+ ") until the infrastructure is back: " + reason);
		}
	}

	/** Releases a hold on a record at or before {@code offset}. */
	private void release(Key key, long offset) {
		Hold hold = this.holds.get(key);
		if (hold != null && hold.offset() <= offset && this.holds.remove(key, hold)) {
			logger.info("No longer holding " + key + "@" + hold.offset() + " (group " + key.group() + "), held for "
					+ Duration.between(hold.since(), this.clock.instant()));
		}
	}

	private static boolean namesItsRecord(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof BatchListenerFailedException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One partition a listener holds back.
	 *
	 * @param group the consumer group
	 * @param topic the topic
	 * @param partition the partition
	 * @param offset the record it waits with
	 * @param since when that record first failed
	 * @param lastFailure when it failed last
	 * @param lastError why it failed last, without personal data
	 */
	record Hold(String group, String topic, int partition, long offset, Instant since, Instant lastFailure,
			String lastError) {

	}

	private record Key(String group, String topic, int partition) {

		static Key of(String topic, int partition) {
			return new Key(Objects.requireNonNullElse(KafkaUtils.getConsumerGroupId(), ""), topic, partition);
		}

		@Override
		public String toString() {
			return this.topic + "-" + this.partition;
		}

	}

}

package nl.tijdig.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import nl.tijdig.infrastructure.Infrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the records that reach a topic from now on, by the partitions' end offsets,
 * asked of the broker: reading the records themselves would cost the side measured CPU
 * that its yardstick does not pay, and counting rows in the database would cost
 * PostgreSQL more with every round.
 */
final class RecordCounter implements AutoCloseable {

	private final Admin admin;

	private final Map<TopicPartition, OffsetSpec> partitions;

	private final long start;

	private long firstArrival;

	/** A long wait (a wave of a million) says how far it got once a minute. */
	private static final long PROGRESS_EVERY = Duration.ofMinutes(1).toNanos();

	private final String topic;

	RecordCounter(Infrastructure infrastructure, String topic) throws Exception {
		this.topic = topic;
		this.admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()));
		this.partitions = new HashMap<>();
		this.admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get()
			.get(topic)
			.partitions()
			.forEach((partition) -> this.partitions.put(new TopicPartition(topic, partition.partition()),
					OffsetSpec.latest()));
		this.start = endOffsets();
	}

	private long endOffsets() throws Exception {
		return this.admin.listOffsets(this.partitions)
			.all()
			.get()
			.values()
			.stream()
			.mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
			.sum();
	}

	/** When the first record arrived, by {@link System#nanoTime()}; 0 before. */
	long firstArrival() {
		return this.firstArrival;
	}

	private long seen() throws Exception {
		return endOffsets() - this.start;
	}

	void awaitAtLeast(long count, Duration patience) throws Exception {
		long deadline = System.nanoTime() + patience.toNanos();
		long seen = 0;
		long lastPrinted = System.nanoTime();
		while (seen < count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + seen + " of " + count + " records reached " + this.topic);
			}
			// Every request for the offsets costs the broker under test a little: asked
			// often
			// only where the time is read, at the first record and near the last.
			Thread.sleep((seen > 0 && seen < count * 9 / 10) ? 200 : 20);
			seen = seen();
			if (System.nanoTime() - lastPrinted > PROGRESS_EVERY) {
				System.out.printf("  %,d of %,d records on %s%n", seen, count, this.topic);
				lastPrinted = System.nanoTime();
			}
			if (this.firstArrival == 0 && seen > 0) {
				this.firstArrival = System.nanoTime();
			}
		}
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(5));
	}

}

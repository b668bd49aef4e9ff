package nl.tijdig.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import nl.tijdig.events.Topics;
import nl.tijdig.infrastructure.Infrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the records that reach {@code tijdig.reminders} from now on, by the partitions'
 * end offsets, asked of the broker: reading the records themselves would cost the
 * fan-out's side CPU that its yardstick does not pay.
 */
final class ReminderCounter implements AutoCloseable {

	private final Admin admin;

	private final Map<TopicPartition, OffsetSpec> partitions;

	private final long start;

	private long firstArrival;

	ReminderCounter(Infrastructure infrastructure) throws Exception {
		this.admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()));
		this.partitions = new HashMap<>();
		this.admin.describeTopics(List.of(Topics.REMINDERS))
			.allTopicNames()
			.get()
			.get(Topics.REMINDERS)
			.partitions()
			.forEach((partition) -> this.partitions.put(new TopicPartition(Topics.REMINDERS, partition.partition()),
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

	void awaitAtLeast(int count, Duration patience) throws Exception {
		long deadline = System.nanoTime() + patience.toNanos();
		long seen = 0;
		while (seen < count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + seen + " of " + count + " reminders arrived");
			}
			Thread.sleep(20);
			seen = endOffsets() - this.start;
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

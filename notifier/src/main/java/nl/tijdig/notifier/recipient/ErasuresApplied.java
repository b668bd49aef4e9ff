package nl.tijdig.notifier.recipient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code recipient_partition} table: per partition of {@code tijdig.subscribers}, a
 * time before which every tombstone written to it has reached the projection. A tombstone
 * stays in the log for the topic's {@code delete.retention.ms} at least, so a projection
 * that knows such a time less than that long ago can still read each one it missed;
 * otherwise the partition is re-read ({@link PartitionReRead}).
 * <p>
 * The times come from the clocks of the notifier instances: a skew of seconds against a
 * bound of days.
 */
@Repository
class ErasuresApplied {

	private final JdbcClient jdbc;

	ErasuresApplied(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Notes that the projection has applied everything written to the partition before
	 * {@code at}, if it was following the partition closely enough for that to be true of
	 * its erasures too.
	 * @return {@code false} if the partition has no such time newer than {@code maxAway}
	 * before {@code at}: tombstones may have gone unseen, and only a re-read settles it
	 */
	boolean caughtUp(int partition, Instant at, Duration maxAway) {
		return this.jdbc.sql("""
				update recipient_partition set erasures_applied = greatest(erasures_applied, :at)
				where kafka_partition = :partition and erasures_applied >= :since
				""")
			.param("partition", partition)
			.param("at", Timestamp.from(at))
			.param("since", Timestamp.from(at.minus(maxAway)))
			.update() == 1;
	}

	/** Whether the partition must be re-read before its erasures can be trusted. */
	boolean stale(int partition, Instant now, Duration maxAway) {
		return this.jdbc.sql(
				"select count(*) from recipient_partition where kafka_partition = :partition and erasures_applied >= :since")
			.param("partition", partition)
			.param("since", Timestamp.from(now.minus(maxAway)))
			.query(Long.class)
			.single() == 0;
	}

	/** A re-read ended: everything written before {@code startedAt} is applied. */
	void reReadEnded(int partition, Instant startedAt) {
		this.jdbc
			.sql("""
					insert into recipient_partition (kafka_partition, erasures_applied) values (:partition, :at)
					on conflict (kafka_partition)
					do update set erasures_applied = greatest(recipient_partition.erasures_applied, excluded.erasures_applied)
					""")
			.param("partition", partition)
			.param("at", Timestamp.from(startedAt))
			.update();
	}

	/** How many partitions were re-read at least once since the table exists. */
	int known() {
		return this.jdbc.sql("select count(*) from recipient_partition").query(Integer.class).single();
	}

}

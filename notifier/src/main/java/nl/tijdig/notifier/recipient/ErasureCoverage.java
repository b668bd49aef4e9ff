package nl.tijdig.notifier.recipient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import nl.tijdig.events.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import org.springframework.stereotype.Component;

/**
 * Decides when a partition of {@code tijdig.subscribers} must be re-read: on assignment,
 * when the projection last applied every erasure of it longer ago than it may be away
 * ({@link TombstoneRetention#maxAway()}); and whenever it is caught up, notes so, at most
 * every {@code caught-up-every}, so that a normal restart does not re-read. Called on the
 * listener's consumer thread.
 */
@Component
class ErasureCoverage {

	private static final Log logger = LogFactory.getLog(ErasureCoverage.class);

	private final ErasuresApplied erasuresApplied;

	private final TombstoneRetention tombstoneRetention;

	private final PartitionReRead reRead;

	private final Clock clock;

	private final Duration caughtUpEvery;

	private final Map<Integer, Instant> noted = new ConcurrentHashMap<>();

	ErasureCoverage(ErasuresApplied erasuresApplied, TombstoneRetention tombstoneRetention, PartitionReRead reRead,
			Clock clock, RecipientProperties properties) {
		this.erasuresApplied = erasuresApplied;
		this.tombstoneRetention = tombstoneRetention;
		this.reRead = reRead;
		this.clock = clock;
		this.caughtUpEvery = properties.caughtUpEvery();
	}

	void assigned(int partition) {
		try {
			if (this.erasuresApplied.stale(partition, this.clock.instant(), this.tombstoneRetention.maxAway())) {
				this.reRead.start(partition);
			}
		}
		catch (RuntimeException ex) {
			// The first catch-up decides again.
			logger.warn("Cannot tell whether partition " + partition + " of " + Topics.SUBSCRIBERS
					+ " must be re-read: " + ex);
		}
	}

	/**
	 * Notes the partition caught up if the consumer's last fetch reached the end of it.
	 * Records of that fetch after the one just applied are applied next, or read again
	 * after a crash, long before a tombstone among them could be gone.
	 */
	void applied(Consumer<?, ?> consumer, int partition) {
		OptionalLong lag = consumer.currentLag(new TopicPartition(Topics.SUBSCRIBERS, partition));
		if (lag.isPresent() && lag.getAsLong() == 0) {
			caughtUp(partition);
		}
	}

	private void caughtUp(int partition) {
		Instant now = this.clock.instant();
		Instant last = this.noted.get(partition);
		if (last != null && now.isBefore(last.plus(this.caughtUpEvery))) {
			return;
		}
		this.noted.put(partition, now);
		try {
			if (!this.erasuresApplied.caughtUp(partition, now, this.tombstoneRetention.maxAway())) {
				this.reRead.start(partition);
			}
		}
		catch (RuntimeException ex) {
			// Not noting it costs at most a re-read after the next restart.
			logger.warn("Cannot note partition " + partition + " of " + Topics.SUBSCRIBERS + " caught up: " + ex);
		}
	}

	/** A partition had no records for a while: caught up unless it is held back. */
	void idle(Consumer<?, ?> consumer, TopicPartition partition, boolean paused) {
		if (!paused && Topics.SUBSCRIBERS.equals(partition.topic())) {
			applied(consumer, partition.partition());
		}
	}

}

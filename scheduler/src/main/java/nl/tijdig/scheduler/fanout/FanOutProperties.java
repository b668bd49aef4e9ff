package nl.tijdig.scheduler.fanout;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How waves are fanned out.
 *
 * @param batchSize subscribers per transaction: each batch sends its reminder requests to
 * Kafka, and the checkpoint moves past it once they are acknowledged, in the transaction
 * that sends the next batch; so a crash resends at most two batches (with the same ids,
 * which the notifier refuses) and resumes after the last acknowledged one; larger batches
 * mean fewer commits and round trips, smaller ones shorter transactions and less sent
 * again
 * @param sendTimeout how long a batch waits for Kafka to acknowledge its requests before
 * it rolls back, to be tried again from its checkpoint
 * @param sendingThreads threads that build and send a page's requests while the fan-out's
 * own thread reads the audience; shared by all fan-outs of this instance
 * @param resume how fan-outs that stalled are taken up again
 */
@ConfigurationProperties("tijdig.fanout")
public record FanOutProperties(@DefaultValue("5000") int batchSize, @DefaultValue("30s") Duration sendTimeout,
		@DefaultValue("2") int sendingThreads, @DefaultValue Resume resume) {

	public FanOutProperties {
		if (batchSize < 1 || batchSize > 10_000) {
			throw new IllegalArgumentException("tijdig.fanout.batch-size must be between 1 and 10000: " + batchSize);
		}
		if (sendingThreads < 1) {
			throw new IllegalArgumentException("tijdig.fanout.sending-threads must be positive: " + sendingThreads);
		}
		if (sendTimeout.isNegative() || sendTimeout.isZero()) {
			throw new IllegalArgumentException("tijdig.fanout.send-timeout must be positive: " + sendTimeout);
		}
	}

	/**
	 * The sweep that takes up fan-outs which started and stopped moving, without Quartz:
	 * when the database was away, Quartz's job store was too, and the retry of the failed
	 * run may never have been stored.
	 *
	 * @param interval how often every instance looks for stalled fan-outs
	 * @param stalledAfter how long a started fan-out must not have moved (by the
	 * database's clock) before it counts as stalled; far above a batch's time, so a
	 * running fan-out is left to its instance
	 */
	public record Resume(@DefaultValue("10s") Duration interval, @DefaultValue("30s") Duration stalledAfter) {

		public Resume {
			if (interval.isNegative() || interval.isZero() || stalledAfter.isNegative() || stalledAfter.isZero()) {
				throw new IllegalArgumentException("tijdig.fanout.resume.interval and stalled-after must be positive: "
						+ interval + ", " + stalledAfter);
			}
		}

	}

}

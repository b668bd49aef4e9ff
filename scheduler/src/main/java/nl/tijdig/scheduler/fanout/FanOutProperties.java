package nl.tijdig.scheduler.fanout;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How waves are fanned out.
 *
 * @param batchSize subscribers per transaction: each batch appends its reminder requests
 * and moves the checkpoint together, so a crash repeats at most nothing and resumes after
 * the last committed batch; larger batches mean fewer commits, smaller ones shorter
 * transactions
 * @param resume how fan-outs that stalled are taken up again
 */
@ConfigurationProperties("tijdig.fanout")
public record FanOutProperties(@DefaultValue("500") int batchSize, @DefaultValue Resume resume) {

	public FanOutProperties {
		if (batchSize < 1 || batchSize > 10_000) {
			throw new IllegalArgumentException("tijdig.fanout.batch-size must be between 1 and 10000: " + batchSize);
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

package nl.tijdig.scheduler.fanout;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How waves are fanned out.
 *
 * @param batchSize subscribers per transaction: each batch appends its reminder requests
 * and moves the checkpoint together, so a crash repeats at most nothing and resumes after
 * the last committed batch; larger batches mean fewer commits, smaller ones shorter
 * transactions
 */
@ConfigurationProperties("tijdig.fanout")
public record FanOutProperties(@DefaultValue("500") int batchSize) {

	public FanOutProperties {
		if (batchSize < 1 || batchSize > 10_000) {
			throw new IllegalArgumentException("tijdig.fanout.batch-size must be between 1 and 10000: " + batchSize);
		}
	}

}

package nl.tijdig.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the topics are created when they do not exist yet.
 *
 * @param partitions partitions per topic; the most consumers of one group that can work
 * in parallel
 * @param replicationFactor 1 for one broker; 3 on a production cluster
 * @param remindersRetention how long unsent reminder requests stay in the log
 * @param previewsRetention how long preview requests and their renderings stay in the
 * log; a request may carry an operator's address
 * @param erasureLag the longest an erased address may survive in the compacted subscriber
 * log before compaction removes it
 */
@ConfigurationProperties("tijdig.topics")
public record EventTopicsProperties(@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor,
		@DefaultValue("7d") Duration remindersRetention, @DefaultValue("30d") Duration deliveriesRetention,
		@DefaultValue("24h") Duration erasureLag, @DefaultValue("1h") Duration previewsRetention) {
}

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
 * @param tombstoneRetention how long an erasure's tombstone (a subscriber id, no address)
 * stays in the subscriber log after compaction removed the address: a consumer away for
 * less still reads it; one away longer re-reads the log from its start. As long as
 * {@code remindersRetention}, the longest a consumer may be away without losing reminders
 */
@ConfigurationProperties("tijdig.topics")
public record EventTopicsProperties(@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor,
		@DefaultValue("7d") Duration remindersRetention, @DefaultValue("30d") Duration deliveriesRetention,
		@DefaultValue("24h") Duration erasureLag, @DefaultValue("1h") Duration previewsRetention,
		@DefaultValue("7d") Duration tombstoneRetention) {
}

package nl.tijdig.events;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
@Validated
@ConfigurationProperties("tijdig.topics")
public record EventTopicsProperties(@DefaultValue("6") @Min(1) int partitions,
		@DefaultValue("1") @Min(1) short replicationFactor, @DefaultValue("7d") @NotNull Duration remindersRetention,
		@DefaultValue("30d") @NotNull Duration deliveriesRetention, @DefaultValue("24h") @NotNull Duration erasureLag,
		@DefaultValue("1h") @NotNull Duration previewsRetention,
		@DefaultValue("7d") @NotNull Duration tombstoneRetention) {
}

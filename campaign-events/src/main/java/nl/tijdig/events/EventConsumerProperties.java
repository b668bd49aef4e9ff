package nl.tijdig.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a consumer does with a record it fails to process. An unreadable or invalid record
 * goes to the dead-letter topic at once; any other failure (typically the database being
 * away) is retried with a growing pause, holding back that partition, before the record
 * is dead-lettered too.
 *
 * @param initialBackoff the pause after the first failure
 * @param maxBackoff the longest pause between two attempts
 * @param maxRetryTime how long to keep retrying one record before dead-lettering it
 */
@ConfigurationProperties("tijdig.consumer")
public record EventConsumerProperties(@DefaultValue("1s") Duration initialBackoff,
		@DefaultValue("1m") Duration maxBackoff, @DefaultValue("15m") Duration maxRetryTime) {
}

package nl.tijdig.events;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a consumer does with a record it fails to process. An unreadable or invalid record
 * goes to the dead-letter topic at once. A failure of the infrastructure (the database,
 * the broker or a relay away) is retried with a growing pause, holding back that
 * partition, for as long as it lasts. Any other failure is retried the same way for
 * {@code maxRetryTime}, then the record is dead-lettered.
 *
 * @param initialBackoff the pause after the first failure
 * @param maxBackoff the longest pause between two attempts
 * @param maxRetryTime how long to keep retrying a record that fails for a reason that is
 * neither the record itself nor the infrastructure, before dead-lettering it
 */
@Validated
@ConfigurationProperties("tijdig.consumer")
public record EventConsumerProperties(@DefaultValue("1s") @NotNull Duration initialBackoff,
		@DefaultValue("1m") @NotNull Duration maxBackoff, @DefaultValue("15m") @NotNull Duration maxRetryTime) {
}

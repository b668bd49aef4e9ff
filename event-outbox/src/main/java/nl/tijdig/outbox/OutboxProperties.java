package nl.tijdig.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the relay works.
 *
 * @param pollInterval how often the relay looks for rows when no commit woke it; catches
 * rows written by other instances and rows left by a failed send
 * @param batchSize rows sent per round trip
 * @param sendTimeout how long the relay waits for the broker's acknowledgement of a batch
 */
@Validated
@ConfigurationProperties("tijdig.outbox")
public record OutboxProperties(@DefaultValue("500ms") @NotNull Duration pollInterval,
		@DefaultValue("500") @Min(1) int batchSize, @DefaultValue("30s") @NotNull Duration sendTimeout) {
}

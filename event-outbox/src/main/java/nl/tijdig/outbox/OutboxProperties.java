package nl.tijdig.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the relay works.
 *
 * @param pollInterval how often the relay looks for rows when no commit woke it; catches
 * rows written by other instances and rows left by a failed send
 * @param batchSize rows sent per round trip
 * @param sendTimeout how long the relay waits for the broker's acknowledgement of a batch
 */
@ConfigurationProperties("tijdig.outbox")
public record OutboxProperties(@DefaultValue("500ms") Duration pollInterval, @DefaultValue("500") int batchSize,
		@DefaultValue("30s") Duration sendTimeout) {
}

package nl.tijdig.scheduler.inbox;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param retention how long the id of a processed event is kept; longer than any
 * redelivery can come late. A replay of a whole compacted topic after that is absorbed by
 * the projections (older states change nothing) and the notifier's delivery log.
 */
@Validated
@ConfigurationProperties("tijdig.scheduler.inbox")
public record InboxProperties(@DefaultValue("30d") @NotNull Duration retention) {
}

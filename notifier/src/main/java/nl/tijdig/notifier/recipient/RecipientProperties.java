package nl.tijdig.notifier.recipient;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the recipient projection keeps track of the erasures it has seen.
 *
 * @param caughtUpEvery how often, at most, the projection notes per partition that it is
 * caught up with {@code tijdig.subscribers}, and how long a partition must be quiet
 * before that is noted without a record: a crash loses at most this much of the note
 */
@Validated
@ConfigurationProperties("tijdig.notifier.recipients")
record RecipientProperties(@DefaultValue("1m") @NotNull Duration caughtUpEvery) {

}

package nl.tijdig.api.console.previews;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import nl.tijdig.api.ratelimit.RateLimit;

/**
 * Previews and test sends, which the notifier renders on request over Kafka.
 *
 * @param timeout how long the console waits for the notifier's answer; a request also
 * expires after this, so the notifier drops one nobody waits for any more
 * @param testSends test sends allowed per operator: 20 an hour, counted in PostgreSQL so
 * the limit holds across instances
 */
@ConfigurationProperties("tijdig.console.previews")
@Validated
record PreviewProperties(@DefaultValue("10s") @NotNull Duration timeout, @Valid RateLimit testSends) {

	PreviewProperties {
		// Here rather than in @DefaultValue, which cannot build a nested record.
		testSends = (testSends != null) ? testSends : new RateLimit(20, Duration.ofHours(1));
	}

}

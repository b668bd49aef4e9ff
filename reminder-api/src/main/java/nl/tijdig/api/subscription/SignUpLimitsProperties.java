package nl.tijdig.api.subscription;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import nl.tijdig.api.ratelimit.RateLimit;

/**
 * How many sign-ups are taken, counted in PostgreSQL so the limits hold across every
 * instance of the API.
 *
 * @param enabled off only for load tests and benchmarks
 * @param perClient sign-up attempts from one client address (IPv6 counted per /64); 10
 * per 10 minutes
 * @param perAddress sign-ups, and so confirmation emails, for one email address; 3 a day
 * @param perDomain sign-ups for addresses of one mail domain; 200 an hour
 * @param minimumFillTime how long a person takes at least to fill in the form; a faster
 * submission is a bot's
 */
@ConfigurationProperties("tijdig.signup.limits")
@Validated
record SignUpLimitsProperties(@DefaultValue("true") boolean enabled, @Valid RateLimit perClient,
		@Valid RateLimit perAddress, @Valid RateLimit perDomain,
		@DefaultValue("2s") @NotNull Duration minimumFillTime) {

	SignUpLimitsProperties {
		// Defaults here rather than in @DefaultValue, which cannot build a nested record.
		perClient = (perClient != null) ? perClient : new RateLimit(10, Duration.ofMinutes(10));
		perAddress = (perAddress != null) ? perAddress : new RateLimit(3, Duration.ofDays(1));
		perDomain = (perDomain != null) ? perDomain : new RateLimit(200, Duration.ofHours(1));
	}

}

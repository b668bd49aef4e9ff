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
 * @param perClient sign-ups from one client address (IPv6 counted per /64): 30 per 10
 * minutes. One IPv4 address may be a carrier-grade NAT or an office of thousands; a
 * campaign's busiest hour brings a few sign-ups a minute from such an address, while 30
 * in 10 minutes still caps the confirmations one address can have sent to strangers at a
 * few thousand a day
 * @param perAddress sign-ups, and so confirmation emails, for one email address; 3 a day
 * @param minimumFillTime how long a person takes at least to fill in the form; a faster
 * submission is a bot's
 */
@ConfigurationProperties("tijdig.signup.limits")
@Validated
record SignUpLimitsProperties(@DefaultValue("true") boolean enabled, @Valid RateLimit perClient,
		@Valid RateLimit perAddress, @DefaultValue("2s") @NotNull Duration minimumFillTime) {

	SignUpLimitsProperties {
		// Defaults here rather than in @DefaultValue, which cannot build a nested record.
		perClient = (perClient != null) ? perClient : new RateLimit(30, Duration.ofMinutes(10));
		perAddress = (perAddress != null) ? perAddress : new RateLimit(3, Duration.ofDays(1));
	}

}

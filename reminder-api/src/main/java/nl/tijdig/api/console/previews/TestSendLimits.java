package nl.tijdig.api.console.previews;

import java.time.Duration;

import io.github.bucket4j.ConsumptionProbe;

import org.springframework.stereotype.Component;

import nl.tijdig.api.ratelimit.RateLimits;

/**
 * Test sends per operator, as token buckets in the {@code rate_limit_bucket} table, so
 * the limit holds across instances: a test send reaches a real inbox, and the console
 * must not become a way to mail anyone at any rate.
 */
@Component
class TestSendLimits {

	private final RateLimits limits;

	private final PreviewProperties properties;

	TestSendLimits(RateLimits limits, PreviewProperties properties) {
		this.limits = limits;
		this.properties = properties;
	}

	/**
	 * Takes one test send for the operator.
	 * @return zero if it may go, otherwise how long until the next one may
	 */
	Duration take(String operator) {
		// Hashed, so the table names no account.
		ConsumptionProbe probe = this.limits
			.bucket("console-test-send:" + this.limits.hash(operator), this.properties.testSends())
			.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
	}

}

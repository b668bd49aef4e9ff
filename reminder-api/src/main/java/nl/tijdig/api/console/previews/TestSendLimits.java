package nl.tijdig.api.console.previews;

import java.time.Duration;
import java.util.Map;

import org.springframework.stereotype.Component;

import nl.tijdig.api.ratelimit.TokenBuckets;
import nl.tijdig.events.privacy.KeyedHash;

/**
 * Test sends per operator, as token buckets in the {@code token_bucket} table, so the
 * limit holds across instances: a test send reaches a real inbox, and the console must
 * not become a way to mail anyone at any rate.
 */
@Component
class TestSendLimits {

	private final TokenBuckets buckets;

	private final KeyedHash hashes;

	private final PreviewProperties properties;

	TestSendLimits(TokenBuckets buckets, KeyedHash hashes, PreviewProperties properties) {
		this.buckets = buckets;
		this.hashes = hashes;
		this.properties = properties;
	}

	/**
	 * Takes one test send for the operator.
	 * @return zero if it may go, otherwise how long until the next one may
	 */
	Duration take(String operator) {
		// Hashed, so the table names no account.
		return this.buckets.take(Map.of("console-test-send:" + this.hashes.of(operator), this.properties.testSends()))
			.orElse(Duration.ZERO);
	}

}

package nl.tijdig.api.ratelimit;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import nl.tijdig.events.privacy.KeyedHash;

/**
 * The buckets of the console's limits, in the {@code rate_limit_bucket} table (Bucket4j's
 * PostgreSQL layout). A key names its limit and what it counts; what it counts is hashed
 * by the caller with {@link #hash(String)} where it would otherwise name a person.
 * <p>
 * Keys made before the hash was keyed (a bare SHA-256) are never asked for again; each is
 * dropped by {@link #removeFullBuckets()} once it has refilled, within the longest
 * limit's period (a day), and nobody is limited by one meanwhile.
 */
@Component
public class RateLimits {

	private static final int CLEAN_UP_BATCH = 1000;

	private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

	private final KeyedHash hashes;

	RateLimits(DataSource dataSource, KeyedHash hashes) {
		this.hashes = hashes;
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table("rate_limit_bucket")
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
			.build();
	}

	/**
	 * The bucket under {@code key}. A stored bucket takes a changed limit at once: the
	 * limit's own hash is its configuration version.
	 */
	public Bucket bucket(String key, RateLimit limit) {
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(limit.count()).refillGreedy(limit.count(), limit.per()))
			.build();
		return this.buckets.builder()
			.withImplicitConfigurationReplacement(limit.hashCode() & 0x7fffffffL,
					TokensInheritanceStrategy.PROPORTIONALLY)
			.build(key, () -> configuration);
	}

	/** Drops buckets that are full again: they hold nothing a new bucket would not. */
	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
	void removeFullBuckets() {
		while (this.buckets.removeExpired(CLEAN_UP_BATCH) == CLEAN_UP_BATCH) {
			// keep going until a batch comes back short
		}
	}

	/**
	 * A key part that names nobody: the HMAC of {@code value} under
	 * {@code tijdig.privacy.hash-key}, so the table confirms no guessed address to
	 * whoever reads it without the key.
	 */
	public String hash(String value) {
		return this.hashes.of(value);
	}

}

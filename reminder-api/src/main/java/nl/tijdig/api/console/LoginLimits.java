package nl.tijdig.api.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

import javax.sql.DataSource;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

/**
 * Failed console logins per user name and per client address, as token buckets in the
 * {@code rate_limit_bucket} table the sign-up limits use (which also removes full ones).
 * Only failures cost a token, so an operator who types the password right is never held
 * back; both the user name and the client count, so neither guessing one account from
 * many addresses nor many accounts from one address gets far.
 */
class LoginLimits {

	private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

	private final BucketConfiguration perUser;

	private final BucketConfiguration perClient;

	/** Changes whenever the limits do, so stored buckets take the new limits at once. */
	private final long configurationVersion;

	LoginLimits(DataSource dataSource, ConsoleProperties.LoginLimits limits) {
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table("rate_limit_bucket")
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
			.build();
		this.perUser = configuration(limits.perUser());
		this.perClient = configuration(limits.perClient());
		this.configurationVersion = limits.hashCode() & 0x7fffffffL;
	}

	/** Whether another attempt may be made for this user name from this client. */
	boolean allows(String username, String clientAddress) {
		return bucket(userKey(username), this.perUser).getAvailableTokens() > 0
				&& bucket(clientKey(clientAddress), this.perClient).getAvailableTokens() > 0;
	}

	/** Counts a failed attempt against both the user name and the client. */
	void countFailure(String username, String clientAddress) {
		bucket(userKey(username), this.perUser).tryConsume(1);
		bucket(clientKey(clientAddress), this.perClient).tryConsume(1);
	}

	private Bucket bucket(String key, BucketConfiguration configuration) {
		return this.buckets.builder()
			.withImplicitConfigurationReplacement(this.configurationVersion, TokensInheritanceStrategy.PROPORTIONALLY)
			.build(key, () -> configuration);
	}

	private static BucketConfiguration configuration(ConsoleProperties.Limit limit) {
		return BucketConfiguration.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(limit.count()).refillGreedy(limit.count(), limit.per()))
			.build();
	}

	// Hashed, so the table names no account and no address.
	private static String userKey(String username) {
		String name = (username != null) ? username.trim().toLowerCase(Locale.ROOT) : "";
		return "console-user:" + sha256(name);
	}

	private static String clientKey(String clientAddress) {
		return "console-client:" + sha256((clientAddress != null) ? clientAddress : "");
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}

package nl.tijdig.api.subscription;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Token buckets per client, per email address and per mail domain, kept in the
 * {@code rate_limit_bucket} table. Keys never hold an address in the clear: the address
 * is hashed, so the table tells nobody who signed up.
 */
@Component
class SignUpLimits {

	private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

	private final SignUpLimitsProperties properties;

	/** Changes whenever the limits do, so stored buckets take the new limits at once. */
	private final long configurationVersion;

	SignUpLimits(DataSource dataSource, SignUpLimitsProperties properties) {
		this.properties = properties;
		this.configurationVersion = properties.hashCode() & 0x7fffffffL;
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table("rate_limit_bucket")
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
			.build();
	}

	/** Counts an attempt from a client, whatever it carries. */
	void countClient(String clientAddress) {
		consume("client:" + clientKey(clientAddress), this.properties.perClient());
	}

	/** Counts a sign-up for an address; called once the address is known to be valid. */
	void countAddress(EmailAddress email) {
		String address = email.value();
		String domain = address.substring(address.lastIndexOf('@') + 1);
		consume("domain:" + domain, this.properties.perDomain());
		consume("address:" + sha256(address.toLowerCase(Locale.ROOT)), this.properties.perAddress());
	}

	/** Drops buckets that are full again: they hold nothing a new bucket would not. */
	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
	void removeFullBuckets() {
		while (this.buckets.removeExpired(1000) == 1000) {
			// keep going until a batch comes back short
		}
	}

	private void consume(String key, SignUpLimitsProperties.Limit limit) {
		if (!this.properties.enabled()) {
			return;
		}
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(limit.count()).refillGreedy(limit.count(), limit.per()))
			.build();
		ConsumptionProbe probe = this.buckets.builder()
			.withImplicitConfigurationReplacement(this.configurationVersion, TokensInheritanceStrategy.PROPORTIONALLY)
			.build(key, () -> configuration)
			.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw new TooManySignUpsException(Duration.ofNanos(probe.getNanosToWaitForRefill()));
		}
	}

	/**
	 * One key per IPv4 address, and one per IPv6 /64, the block a single subscriber line
	 * usually gets.
	 */
	static String clientKey(String clientAddress) {
		// Only a literal address is looked at, so parsing it never asks DNS.
		if (clientAddress == null || clientAddress.isEmpty() || !LITERAL.matcher(clientAddress).matches()) {
			return "unparsable";
		}
		try {
			byte[] bytes = InetAddress.getByName(clientAddress).getAddress();
			if (bytes.length == 16) {
				return HexFormat.of().formatHex(Arrays.copyOf(bytes, 8)) + "::/64";
			}
			return InetAddress.getByAddress(bytes).getHostAddress();
		}
		catch (IllegalArgumentException | UnknownHostException ex) {
			return "unparsable";
		}
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

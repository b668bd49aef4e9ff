package nl.tijdig.api.subscription;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

import io.github.bucket4j.ConsumptionProbe;

import org.springframework.stereotype.Component;

import nl.tijdig.api.ratelimit.RateLimit;
import nl.tijdig.api.ratelimit.RateLimits;

/**
 * Sign-ups per email address, then per client. Keys never hold an address or a client
 * address in the clear: both are hashed with the service's key, so the table tells nobody
 * who signed up or from where.
 * <p>
 * The address comes first, so that repeating one address is stopped there and costs its
 * client nothing more. No limit is shared by a whole mail domain: one bucket for
 * {@code gmail.com} would let a few clients block every Gmail user. The per-client limit
 * and the per-address limit together bound how many confirmations anyone can have sent.
 */
@Component
class SignUpLimits {

	private final RateLimits limits;

	private final SignUpLimitsProperties properties;

	SignUpLimits(RateLimits limits, SignUpLimitsProperties properties) {
		this.limits = limits;
		this.properties = properties;
	}

	/** Counts an attempt from a client, e.g. a bot's that names no valid address. */
	void countClient(String clientAddress) {
		consume("client:" + this.limits.hash(clientKey(clientAddress)), this.properties.perClient());
	}

	/**
	 * Counts a sign-up for a valid address: against the address first, then against the
	 * client.
	 */
	void count(EmailAddress email, String clientAddress) {
		consume("address:" + this.limits.hash(email.value().toLowerCase(Locale.ROOT)), this.properties.perAddress());
		countClient(clientAddress);
	}

	private void consume(String key, RateLimit limit) {
		if (!this.properties.enabled()) {
			return;
		}
		ConsumptionProbe probe = this.limits.bucket(key, limit).tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw new TooManySignUpsException(Duration.ofNanos(probe.getNanosToWaitForRefill()));
		}
	}

	/**
	 * One key per IPv4 address, and one per IPv6 /64, the block a single subscriber line
	 * usually gets.
	 */
	static String clientKey(String clientAddress) {
		return ClientAddresses.parse(clientAddress).map((bytes) -> {
			if (bytes.length == 16) {
				return HexFormat.of().formatHex(Arrays.copyOf(bytes, 8)) + "::/64";
			}
			try {
				return InetAddress.getByAddress(bytes).getHostAddress();
			}
			catch (UnknownHostException ex) {
				return "unparsable";
			}
		}).orElse("unparsable");
	}

}

package nl.tijdig.api.subscription;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import nl.tijdig.api.ratelimit.RateLimit;
import nl.tijdig.api.ratelimit.TokenBuckets;
import nl.tijdig.events.privacy.KeyedHash;

/**
 * Sign-ups per email address and per client. Keys never hold an address or a client
 * address in the clear: both are hashed with the service's key, so the table tells nobody
 * who signed up or from where.
 * <p>
 * Both buckets are taken in one statement inside the sign-up's own transaction, which a
 * refusal rolls back: a sign-up over either limit spends nothing of the other, so
 * repeating one address is stopped there and costs its client nothing more. No limit is
 * shared by a whole mail domain: one bucket for {@code gmail.com} would let a few clients
 * block every Gmail user. The per-client limit and the per-address limit together bound
 * how many confirmations anyone can have sent.
 */
@Component
class SignUpLimits {

	private final KeyedHash hashes;

	private final TokenBuckets buckets;

	private final SignUpLimitsProperties properties;

	SignUpLimits(KeyedHash hashes, TokenBuckets buckets, SignUpLimitsProperties properties) {
		this.hashes = hashes;
		this.buckets = buckets;
		this.properties = properties;
	}

	/** Counts an attempt from a client, e.g. a bot's that names no valid address. */
	void countClient(String clientAddress) {
		take(Map.of(clientBucket(clientAddress), this.properties.perClient()));
	}

	/**
	 * Counts a sign-up for a valid address against the address and the client, in the
	 * caller's transaction.
	 * @throws TooManySignUpsException if either is over its limit; the caller's
	 * transaction must then roll back, and so spends nothing
	 */
	void count(EmailAddress email, String clientAddress) {
		take(Map.of("address:" + this.hashes.ofAddress(email.value()), this.properties.perAddress(),
				clientBucket(clientAddress), this.properties.perClient()));
	}

	private String clientBucket(String clientAddress) {
		return "client:" + this.hashes.of(clientKey(clientAddress));
	}

	private void take(Map<String, RateLimit> buckets) {
		if (!this.properties.enabled()) {
			return;
		}
		Optional<Duration> wait = this.buckets.take(buckets);
		if (wait.isPresent()) {
			throw new TooManySignUpsException(wait.get());
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

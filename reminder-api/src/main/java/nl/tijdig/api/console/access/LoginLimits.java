package nl.tijdig.api.console.access;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.transaction.support.TransactionOperations;

import nl.tijdig.api.ratelimit.TokenBuckets;
import nl.tijdig.events.privacy.KeyedHash;

/**
 * Console logins per client address and per client address and user name, as token
 * buckets in the {@code token_bucket} table the sign-up limits use (which also removes
 * full ones).
 * <p>
 * An attempt spends a token from both before the password is checked, so attempts made at
 * once cannot all pass on one reading of the bucket; a successful login gets them back,
 * so an operator who types the password right is never held back. No bucket counts a user
 * name alone: then whoever types a wrong password for {@code admin} a few times, from
 * anywhere, would lock {@code admin} out for everyone. The per-client limit bounds how
 * many names one address tries; bcrypt and the operators' passwords bound guessing from
 * many addresses.
 */
class LoginLimits {

	private final TokenBuckets buckets;

	private final TransactionOperations transactions;

	private final KeyedHash hashes;

	private final AccessProperties.LoginLimits properties;

	LoginLimits(TokenBuckets buckets, TransactionOperations transactions, KeyedHash hashes,
			AccessProperties.LoginLimits properties) {
		this.buckets = buckets;
		this.transactions = transactions;
		this.hashes = hashes;
		this.properties = properties;
	}

	/**
	 * Spends an attempt for this user name from this client.
	 * @return whether one was left in both buckets; if not, nothing is spent
	 */
	boolean tryAttempt(String username, String clientAddress) {
		// Both in one statement, in a transaction that a refusal rolls back.
		return Boolean.TRUE.equals(this.transactions.execute((transaction) -> {
			Optional<Duration> wait = this.buckets.take(Map.of(client(clientAddress), this.properties.perClient(),
					clientAndUser(username, clientAddress), this.properties.perClientAndUser()));
			if (wait.isPresent()) {
				transaction.setRollbackOnly();
			}
			return wait.isEmpty();
		}));
	}

	/** Gives back what a login that succeeded spent. */
	void refund(String username, String clientAddress) {
		this.buckets.giveBack(List.of(client(clientAddress), clientAndUser(username, clientAddress)));
	}

	// Hashed, so the table names no account and no address.
	private String clientAndUser(String username, String clientAddress) {
		String name = (username != null) ? username.trim().toLowerCase(Locale.ROOT) : "";
		// A user name cannot hold a space, so the pair cannot be read two ways.
		return "console-client-user:" + this.hashes.of(orEmpty(clientAddress) + " " + name);
	}

	private String client(String clientAddress) {
		return "console-client:" + this.hashes.of(orEmpty(clientAddress));
	}

	private static String orEmpty(String clientAddress) {
		return (clientAddress != null) ? clientAddress : "";
	}

}

package nl.tijdig.api.console.access;

import java.util.Locale;

import io.github.bucket4j.Bucket;

import nl.tijdig.api.ratelimit.RateLimits;

/**
 * Console logins per client address and per client address and user name, as token
 * buckets in the {@code rate_limit_bucket} table the sign-up limits use (which also
 * removes full ones).
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

	private final RateLimits limits;

	private final AccessProperties.LoginLimits properties;

	LoginLimits(RateLimits limits, AccessProperties.LoginLimits properties) {
		this.limits = limits;
		this.properties = properties;
	}

	/**
	 * Spends an attempt for this user name from this client.
	 * @return whether one was left in both buckets; if not, nothing is spent
	 */
	boolean tryAttempt(String username, String clientAddress) {
		Bucket client = client(clientAddress);
		if (!client.tryConsume(1)) {
			return false;
		}
		if (!clientAndUser(username, clientAddress).tryConsume(1)) {
			client.addTokens(1);
			return false;
		}
		return true;
	}

	/** Gives back what a login that succeeded spent. */
	void refund(String username, String clientAddress) {
		client(clientAddress).addTokens(1);
		clientAndUser(username, clientAddress).addTokens(1);
	}

	// Hashed, so the table names no account and no address.
	private Bucket clientAndUser(String username, String clientAddress) {
		String name = (username != null) ? username.trim().toLowerCase(Locale.ROOT) : "";
		return this.limits.bucket("console-client-user:" + this.limits.hash(client(clientAddress, name)),
				this.properties.perClientAndUser());
	}

	private Bucket client(String clientAddress) {
		return this.limits.bucket("console-client:" + this.limits.hash((clientAddress != null) ? clientAddress : ""),
				this.properties.perClient());
	}

	private static String client(String clientAddress, String name) {
		// A user name cannot hold a space, so the pair cannot be read two ways.
		return ((clientAddress != null) ? clientAddress : "") + " " + name;
	}

}

package nl.tijdig.api.console;

import java.util.Locale;

import io.github.bucket4j.Bucket;

import nl.tijdig.api.ratelimit.RateLimits;

/**
 * Failed console logins per user name and per client address, as token buckets in the
 * {@code rate_limit_bucket} table the sign-up limits use (which also removes full ones).
 * Only failures cost a token, so an operator who types the password right is never held
 * back; both the user name and the client count, so neither guessing one account from
 * many addresses nor many accounts from one address gets far.
 */
class LoginLimits {

	private final RateLimits limits;

	private final ConsoleProperties.LoginLimits properties;

	LoginLimits(RateLimits limits, ConsoleProperties.LoginLimits properties) {
		this.limits = limits;
		this.properties = properties;
	}

	/** Whether another attempt may be made for this user name from this client. */
	boolean allows(String username, String clientAddress) {
		return user(username).getAvailableTokens() > 0 && client(clientAddress).getAvailableTokens() > 0;
	}

	/** Counts a failed attempt against both the user name and the client. */
	void countFailure(String username, String clientAddress) {
		user(username).tryConsume(1);
		client(clientAddress).tryConsume(1);
	}

	// Hashed, so the table names no account and no address.
	private Bucket user(String username) {
		String name = (username != null) ? username.trim().toLowerCase(Locale.ROOT) : "";
		return this.limits.bucket("console-user:" + RateLimits.hash(name), this.properties.perUser());
	}

	private Bucket client(String clientAddress) {
		return this.limits.bucket("console-client:" + RateLimits.hash((clientAddress != null) ? clientAddress : ""),
				this.properties.perClient());
	}

}

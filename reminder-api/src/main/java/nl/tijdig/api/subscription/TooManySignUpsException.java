package nl.tijdig.api.subscription;

import java.time.Duration;

/**
 * A sign-up over one of the limits; the caller may try again after {@link #retryAfter()}.
 */
class TooManySignUpsException extends RuntimeException {

	private final Duration retryAfter;

	TooManySignUpsException(Duration retryAfter) {
		super("Too many sign-ups; try again in " + retryAfter.toSeconds() + " s");
		this.retryAfter = retryAfter;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

	/** Whole seconds, rounded up, as the {@code Retry-After} header wants them. */
	long retryAfterSeconds() {
		return Math.max(1, (this.retryAfter.toMillis() + 999) / 1000);
	}

}

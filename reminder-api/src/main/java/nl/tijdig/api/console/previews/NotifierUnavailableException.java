package nl.tijdig.api.console.previews;

import java.time.Duration;

/**
 * The notifier did not answer a preview request in time: it may be down, busy, or Kafka
 * may be away. Never a server error of the console: the page says so and the operator
 * tries again.
 */
class NotifierUnavailableException extends RuntimeException {

	private final Duration timeout;

	NotifierUnavailableException(Duration timeout, Throwable cause) {
		super("The notifier did not answer within " + timeout, cause);
		this.timeout = timeout;
	}

	/** Whole seconds, rounded up, for the page. */
	long timeoutSeconds() {
		return (this.timeout.toMillis() + 999) / 1000;
	}

}

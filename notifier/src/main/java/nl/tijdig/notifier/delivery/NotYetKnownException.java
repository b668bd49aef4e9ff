package nl.tijdig.notifier.delivery;

/**
 * A reminder arrived before the subscriber or the campaign it names reached the
 * notifier's projections: topics are read independently, so this happens. Retryable: the
 * listener container's error handler tries again after a back-off.
 */
class NotYetKnownException extends RuntimeException {

	NotYetKnownException(String message) {
		super(message);
	}

}

package nl.tijdig.notifier.delivery;

/**
 * SMTP failed in a way that may pass: the claim stays open and the container's error
 * handler retries the reminder after a back-off. Carries no cause on purpose: the
 * server's reply often quotes the address, and this exception ends up in dead-letter
 * headers.
 */
class TransientDeliveryException extends RuntimeException {

	TransientDeliveryException(String message) {
		super(message);
	}

}

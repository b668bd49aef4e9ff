package nl.tijdig.events;

/**
 * An event that breaks the contract: a missing attribute, a key that does not match its
 * entity. Retrying cannot make it valid, so the shared error handler sends it to the
 * dead-letter topic at once, with this message as the reason.
 */
public class InvalidEventException extends RuntimeException {

	public InvalidEventException(String message) {
		super(message);
	}

	/** Fails on a missing required attribute, naming it in the dead-letter reason. */
	public static <T> T required(T value, String name) {
		if (value == null) {
			throw new InvalidEventException("Missing required attribute '" + name + "'");
		}
		return value;
	}

}

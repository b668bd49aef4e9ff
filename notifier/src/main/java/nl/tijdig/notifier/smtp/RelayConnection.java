package nl.tijdig.notifier.smtp;

/**
 * One connection to the relay, kept open across messages; its owner alone uses it. It
 * opens on the first message and again after a failure that left it in an unknown state.
 */
public interface RelayConnection extends AutoCloseable {

	/**
	 * Hands one message to the relay.
	 * @return what the relay made of it
	 */
	SendResult send(OutgoingMail mail);

	/** Closes the connection if it has been idle for longer than allowed. */
	void closeIfIdle();

	/**
	 * Says goodbye to the relay. A goodbye that fails is no failure: whatever was
	 * accepted before it was accepted.
	 */
	@Override
	void close();

}

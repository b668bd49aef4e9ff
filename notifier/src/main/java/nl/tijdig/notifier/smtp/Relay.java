package nl.tijdig.notifier.smtp;

/**
 * The SMTP relay the notifier sends through, all connections with the same settings.
 */
public interface Relay {

	/** A connection that is opened on its first use. */
	RelayConnection connection();

}

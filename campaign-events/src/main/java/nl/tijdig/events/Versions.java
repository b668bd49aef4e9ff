package nl.tijdig.events;

/**
 * The order of the states of one subscriber or one campaign, for the projections that
 * keep the latest. Kafka delivers the events of one key in the order they were written;
 * what can still arrive out of order is a state sent again after a later one (the outbox
 * sends at least once) or replayed. The clocks of the producing instances cannot tell:
 * two reminder-api instances may be minutes apart. The version, counted up by
 * reminder-api in the transaction of each change, can.
 * <p>
 * The rule every projection applies: an incoming state replaces the stored one when its
 * version is higher, or when either of them has no version ({@link #NONE}), in which case
 * Kafka's order decides and the incoming one, being later, wins. An equal version is the
 * same state again and changes nothing.
 */
public final class Versions {

	/** The version of an event written before versions, absent from its JSON. */
	public static final long NONE = 0;

	private Versions() {
	}

}

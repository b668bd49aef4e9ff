package nl.tijdig.events;

/**
 * Where a subscription stands. Erasure is not a status: it is a tombstone on
 * {@link Topics#SUBSCRIBERS}, so no address outlives it in the log.
 */
public enum SubscriptionStatus {

	/** Signed up, waiting for the double opt-in. */
	PENDING,

	/** Confirmed: receives the waves still ahead. */
	CONFIRMED,

	/** Switched the setting off: the campaign's success; no more reminders. */
	DONE,

	/** Asked for no more email. */
	UNSUBSCRIBED

}

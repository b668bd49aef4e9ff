package nl.tijdig.notifier.delivery;

/**
 * Where one message stands in the delivery log: claimed → sending → sent | retrying |
 * failed | in doubt, claimed → suppressed, and a sent one may bounce later.
 */
enum DeliveryState {

	/**
	 * Taken on: waiting for a sending thread, or held by one until its lease expires.
	 */
	CLAIMED,

	/** Failed for the moment; taken again at {@code next_attempt_at}. */
	RETRYING,

	/**
	 * Being handed to the relay by the sending thread whose claim token the row holds.
	 * Never taken again: found so after its lease, it is {@link #IN_DOUBT}.
	 */
	SENDING,

	/** The SMTP server accepted it. */
	SENT,

	/** Not sent, and never will be: the recipient may not receive it. */
	SUPPRESSED,

	/** The SMTP server refused it for good, or it kept failing until out of attempts. */
	FAILED,

	/**
	 * The connection died after the whole message went out and before the relay said
	 * whether it took it, or the process died while handing it over. Never sent again: a
	 * duplicate is worse than a gap we report.
	 */
	IN_DOUBT,

	/** Accepted, then reported undeliverable by a bounce. */
	BOUNCED,

	/** Not sent, and never will be: too late for it (see {@link SendWindow}). */
	WITHDRAWN

}

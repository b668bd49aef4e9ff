package nl.tijdig.events;

/** How the attempt to deliver one message ended. */
public enum DeliveryOutcome {

	/** The SMTP server accepted it. */
	SENT,

	/** Not sent: the subscriber unsubscribed, was done, erased or bounced before. */
	SUPPRESSED,

	/** The mailbox provider reported a hard bounce after accepting it. */
	BOUNCED,

	/** Refused permanently or out of retries. */
	FAILED,

	/** The connection died after the message was handed over but before the reply. */
	IN_DOUBT,

	/**
	 * Not sent because its moment had passed: the campaign was closed or its deadline had
	 * come, or a later wave of the same campaign had started before it went out. A
	 * reminder that arrives too late, or next to a newer one that says otherwise, does
	 * more harm than good.
	 */
	WITHDRAWN,

	/**
	 * The reader marked it as spam at their mailbox provider, which said so in an abuse
	 * report (RFC 5965) after the message was sent. Not a second outcome of the message,
	 * which stays sent, but what reminder-api unsubscribes the reader on and the
	 * complaint rate counts.
	 */
	COMPLAINED

}

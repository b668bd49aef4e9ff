package nl.tijdig.notifier.delivery;

/**
 * Where one message stands in the delivery log. {@link #CLAIMED} is the only state that
 * is not final: the message may or may not have reached the SMTP server.
 */
enum DeliveryState {

	/** Taken on by a consumer, about to be sent or being sent. */
	CLAIMED,

	/** The SMTP server accepted it. */
	SENT,

	/** Not sent, and never will be: the recipient may not receive it. */
	SUPPRESSED,

	/** The SMTP server refused it for good. */
	FAILED

}

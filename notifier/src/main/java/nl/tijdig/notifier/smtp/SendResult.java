package nl.tijdig.notifier.smtp;

/**
 * What the relay made of one message: it took it, it refused it, or nobody can tell.
 * Every SMTP outcome is one of these, never an exception, so that whoever sends must
 * decide on each.
 */
public sealed interface SendResult {

	/** The relay took the message; from here on it is the relay's. */
	record Accepted() implements SendResult {
	}

	/**
	 * The relay did not take the message, or could not be reached before it had all of
	 * it: it has not got it.
	 *
	 * @param refusal what the refusal is about, and whether it is for good
	 * @param reason short, without personal data: it goes into events and logs
	 * @param replied whether the relay answered at all; if not, it may be unreachable
	 * @param relayReply the relay's own words with every address replaced by
	 * {@code [address]}, {@code null} if it did not reply
	 */
	record Refused(Refusal refusal, String reason, boolean replied, String relayReply) implements SendResult {
	}

	/**
	 * No reply after the whole message went out: the relay may have taken it, so it is
	 * never sent again.
	 *
	 * @param reason short, without personal data: it goes into events and logs
	 */
	record InDoubt(String reason) implements SendResult {
	}

	/** What a refusal is about. */
	enum Refusal {

		/**
		 * For the moment (a 4xx reply, a full mailbox, a refused, reset or timed-out
		 * connection before the end of the message): try again later.
		 */
		TRANSIENT,

		/**
		 * The recipient's address, for good: fail the message and suppress the address.
		 */
		ADDRESS,

		/**
		 * The message itself, for good (its content, its size); the address is not to
		 * blame.
		 */
		MESSAGE,

		/**
		 * The relay's own policy (relay access denied, a blocklisted sending IP, a
		 * refused sender), which says nothing about the address or the message and would
		 * refuse every message alike: try again later; a run of them pauses sending.
		 */
		POLICY

	}

}

package nl.tijdig.notifier.delivery;

import nl.tijdig.events.MessageKind;
import nl.tijdig.notifier.recipient.Recipient;

/**
 * Who may receive what, decided when a message is claimed so that an unsubscribe or a
 * "done" counts for everything not yet handed to SMTP.
 */
final class Suppression {

	private Suppression() {
	}

	/**
	 * @return why the recipient must not get this kind of message, or {@code null} if
	 * they may
	 */
	static String reasonFor(Recipient recipient, MessageKind kind) {
		return switch (recipient.status()) {
			case UNSUBSCRIBED -> "unsubscribed";
			// "Done" is the campaign's success: only the goodbye still goes out.
			case DONE -> (kind != MessageKind.GOODBYE) ? "done" : null;
			case PENDING -> (kind != MessageKind.CONFIRMATION) ? "not confirmed" : null;
			case CONFIRMED -> (kind == MessageKind.CONFIRMATION) ? "already confirmed" : null;
		};
	}

}

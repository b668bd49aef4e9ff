package nl.tijdig.events.link;

/**
 * A token that is malformed, forged, signed with an unknown key, meant for another
 * purpose or expired. The message is safe to show: it never contains the token's content.
 */
public class InvalidLinkException extends RuntimeException {

	public InvalidLinkException(String reason) {
		super("Invalid link: " + reason);
	}

}

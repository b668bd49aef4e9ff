package nl.tijdig.events.link;

/** What a token is for; a token signed for one purpose is refused for any other. */
public enum LinkPurpose {

	CONFIRM('c'), UNSUBSCRIBE('u'), DONE('d'), FORGET('f'),

	/** "My data": the subscriber downloads what reminder-api keeps on them. */
	EXPORT('e'),

	/**
	 * Not a link: dates the sign-up form when it is shown, so a submission faster than a
	 * person types can be told apart. It names no subscriber.
	 */
	SIGN_UP_FORM('s');

	private final char code;

	LinkPurpose(char code) {
		this.code = code;
	}

	char code() {
		return this.code;
	}

	static LinkPurpose ofCode(char code) {
		for (LinkPurpose purpose : values()) {
			if (purpose.code == code) {
				return purpose;
			}
		}
		throw new InvalidLinkException("unknown purpose");
	}

}

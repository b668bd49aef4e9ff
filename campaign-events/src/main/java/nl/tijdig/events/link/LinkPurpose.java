package nl.tijdig.events.link;

/** What a link does; a token signed for one purpose is refused for any other. */
public enum LinkPurpose {

	CONFIRM('c'), UNSUBSCRIBE('u'), DONE('d'), FORGET('f');

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

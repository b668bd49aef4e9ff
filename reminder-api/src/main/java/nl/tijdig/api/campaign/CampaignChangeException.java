package nl.tijdig.api.campaign;

/**
 * A change an operator asked for that the campaign's state does not allow, named by the
 * field it concerns ({@code form} for the campaign as a whole) and a message code.
 */
public class CampaignChangeException extends RuntimeException {

	private final String field;

	private final String code;

	CampaignChangeException(String field, String code) {
		super(field + ": " + code);
		this.field = field;
		this.code = code;
	}

	public String field() {
		return this.field;
	}

	public String code() {
		return this.code;
	}

}

package nl.tijdig.api.subscription;

/**
 * A sign-up that cannot be accepted as typed. Carries the field and a message code, so
 * the form shows the error next to its field and the API names it, both in the visitor's
 * language and without echoing what was typed.
 */
public class InvalidSignUpException extends RuntimeException {

	private final String field;

	private final String code;

	InvalidSignUpException(String field, String code) {
		super(field + ": " + code);
		this.field = field;
		this.code = code;
	}

	static InvalidSignUpException email(String code) {
		return new InvalidSignUpException("email", code);
	}

	/** The field that is wrong, e.g. {@code email}. */
	public String field() {
		return this.field;
	}

	/** The message code of what is wrong, e.g. {@code email.invalid}. */
	public String code() {
		return this.code;
	}

}

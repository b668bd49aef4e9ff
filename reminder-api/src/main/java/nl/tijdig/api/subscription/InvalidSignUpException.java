package nl.tijdig.api.subscription;

/**
 * A sign-up that cannot be accepted as typed. Carries the field and a message code, so
 * the form shows the error next to its field and the API names it, both in the visitor's
 * language and without echoing what was typed.
 */
class InvalidSignUpException extends RuntimeException {

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

	String field() {
		return this.field;
	}

	String code() {
		return this.code;
	}

}

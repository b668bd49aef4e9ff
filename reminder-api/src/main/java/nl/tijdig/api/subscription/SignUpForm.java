package nl.tijdig.api.subscription;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import nl.tijdig.events.Language;

/**
 * What the sign-up form and the JSON API take.
 *
 * @param website a field people never see and bots fill in
 * @param started when the form was shown, signed by {@link FormTimer}; the API has no
 * form and leaves it out
 */
record SignUpForm(String email, String language, Boolean consent, String website, String started) {

	private static final int MAX_LANGUAGE_LENGTH = 8;

	static SignUpForm empty(Language language) {
		return new SignUpForm("", language.name().toLowerCase(Locale.ROOT), false, "", null);
	}

	/** Whether a bot filled in the field a person cannot see. */
	boolean isBot() {
		return this.website != null && !this.website.isEmpty();
	}

	/**
	 * Checks every field.
	 * @throws InvalidSignUpException for the first field that is wrong, with all wrong
	 * fields in {@link Errors}
	 */
	ValidSignUp validate() {
		Map<String, String> errors = new LinkedHashMap<>();
		EmailAddress email = null;
		try {
			email = EmailAddress.parse(this.email);
		}
		catch (InvalidSignUpException ex) {
			errors.put(ex.field(), ex.code());
		}
		Language language = language(errors);
		if (!Boolean.TRUE.equals(this.consent)) {
			errors.put("consent", "consent.required");
		}
		if (!errors.isEmpty()) {
			throw new Errors(errors);
		}
		return new ValidSignUp(email, language);
	}

	private Language language(Map<String, String> errors) {
		if (this.language == null || this.language.isEmpty()) {
			return Language.NL;
		}
		try {
			UnsafeCharacters.check(this.language, "language");
			if (this.language.length() <= MAX_LANGUAGE_LENGTH) {
				return Language.valueOf(this.language.toUpperCase(Locale.ROOT));
			}
		}
		catch (InvalidSignUpException ex) {
			// reported below as an unknown language
		}
		catch (IllegalArgumentException ex) {
			// reported below as an unknown language
		}
		errors.put("language", "language.unknown");
		return null;
	}

	record ValidSignUp(EmailAddress email, Language language) {
	}

	/** Every field that is wrong, by name, with its message code. */
	static class Errors extends InvalidSignUpException {

		private final Map<String, String> byField;

		Errors(Map<String, String> byField) {
			super(byField.keySet().iterator().next(), byField.values().iterator().next());
			this.byField = Collections.unmodifiableMap(new LinkedHashMap<>(byField));
		}

		Map<String, String> byField() {
			return this.byField;
		}

	}

}

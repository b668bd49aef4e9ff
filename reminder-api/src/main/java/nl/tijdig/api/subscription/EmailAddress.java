package nl.tijdig.api.subscription;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address as Tijdig accepts it: trimmed, within RFC 5321's lengths, without any
 * character that could end a mail header early, the domain lower-cased and in its ASCII
 * (punycode) form. The console's test sends take the same rules, so an operator cannot
 * type what a visitor may not.
 */
public record EmailAddress(String value) {

	static final int MAX_LENGTH = 254;

	private static final int MAX_LOCAL_PART = 64;

	/** The dot-atom of RFC 5322 with UTF-8 allowed (RFC 6531); no quoted local parts. */
	private static final Pattern LOCAL_PART = Pattern
		.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*");

	private static final Pattern DOMAIN_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	/**
	 * Parses what a visitor typed.
	 * @throws InvalidSignUpException naming what is wrong, without echoing the input
	 */
	public static EmailAddress parse(String raw) {
		if (raw == null || raw.isBlank()) {
			throw InvalidSignUpException.email("email.required");
		}
		if (raw.length() > MAX_LENGTH * 2) {
			throw InvalidSignUpException.email("email.too-long");
		}
		UnsafeCharacters.check(raw, "email");
		String trimmed = raw.strip();
		int at = trimmed.lastIndexOf('@');
		if (at <= 0 || at == trimmed.length() - 1 || trimmed.indexOf('@') != at) {
			throw InvalidSignUpException.email("email.invalid");
		}
		String local = trimmed.substring(0, at);
		String domain = asciiDomain(trimmed.substring(at + 1));
		if (local.length() > MAX_LOCAL_PART || !LOCAL_PART.matcher(local).matches()) {
			throw InvalidSignUpException.email("email.invalid");
		}
		String address = local + "@" + domain;
		if (address.length() > MAX_LENGTH) {
			throw InvalidSignUpException.email("email.too-long");
		}
		return new EmailAddress(address);
	}

	private static String asciiDomain(String domain) {
		String ascii;
		try {
			ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidSignUpException.email("email.invalid");
		}
		String[] labels = ascii.split("\\.", -1);
		if (labels.length < 2 || ascii.length() > 253) {
			throw InvalidSignUpException.email("email.invalid");
		}
		for (String label : labels) {
			if (!DOMAIN_LABEL.matcher(label).matches()) {
				throw InvalidSignUpException.email("email.invalid");
			}
		}
		return ascii;
	}

	@Override
	public String toString() {
		return this.value;
	}

}

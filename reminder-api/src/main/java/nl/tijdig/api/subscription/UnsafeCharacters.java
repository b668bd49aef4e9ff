package nl.tijdig.api.subscription;

/**
 * Refuses the characters that break a line in a mail header or a log: CR, LF, NUL, every
 * other control character and the Unicode line and paragraph separators. An address that
 * carries one is an injection attempt (CVE-2025-7962's shapes), never a typo.
 */
final class UnsafeCharacters {

	private UnsafeCharacters() {
	}

	static void check(String value, String field) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085'
					|| (Character.isSurrogate(c) && !validSurrogatePair(value, i))) {
				throw new InvalidSignUpException(field, field + ".unsafe-characters");
			}
		}
	}

	private static boolean validSurrogatePair(String value, int i) {
		char c = value.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
		}
		return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
	}

}

package nl.tijdig.events;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a failure's message fit for a log, a health endpoint or the console: a message
 * from a parser or the database can quote the record, and the record an address.
 */
public final class Redaction {

	private static final Pattern EMAIL = Pattern.compile("[^\\s\"'<>(),;:\\[\\]]+@[^\\s\"'<>(),;:\\[\\]]+");

	private static final int MAX_LENGTH = 300;

	private Redaction() {
	}

	/**
	 * The message with anything that looks like an email address masked, cut at 300
	 * characters.
	 * @param message a failure's message, may be {@code null}
	 * @return the redacted message, empty for {@code null}
	 */
	public static String withoutAddresses(String message) {
		if (message == null) {
			return "";
		}
		String redacted = replaceAddresses(message, "***");
		return (redacted.length() > MAX_LENGTH) ? redacted.substring(0, MAX_LENGTH) + "…" : redacted;
	}

	/**
	 * The text with anything that looks like an email address replaced.
	 * @param text any text, may be {@code null}
	 * @param replacement what stands in an address's place
	 * @return the text without addresses, {@code null} for {@code null}
	 */
	public static String replaceAddresses(String text, String replacement) {
		return (text != null) ? EMAIL.matcher(text).replaceAll(Matcher.quoteReplacement(replacement)) : null;
	}

}

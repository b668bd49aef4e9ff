package nl.tijdig.infrastructure;

import java.util.regex.Pattern;

/**
 * HTML escaping for the web inbox, and the plain text of an HTML body for snippets.
 */
final class Html {

	private static final Pattern INVISIBLE = Pattern.compile("(?is)<(script|style|head)\\b.*?</\\1\\s*>");

	private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");

	private Html() {
	}

	/**
	 * Escapes text for use in element content and in quoted attribute values.
	 * @param text the text, may be {@code null}
	 * @return the escaped text
	 */
	static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	static String toPlainText(String html) {
		String text = TAG.matcher(INVISIBLE.matcher(html).replaceAll(" ")).replaceAll(" ");
		return text.replace("&nbsp;", " ")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&quot;", "\"")
			.replace("&#39;", "'")
			.replace("&amp;", "&");
	}

}

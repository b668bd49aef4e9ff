package nl.tijdig.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.mail.MailPreparationException;

/**
 * The few pieces of MIME (RFC 2045–2047, 5322) a Tijdig email needs, written straight
 * into its text: header lines, quoted-printable bodies and encoded words. Jakarta Mail
 * would look its encoders up through the service loader for every part of every message;
 * this writes the same bytes without any of that.
 */
final class MimeText {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	/** Characters on a quoted-printable line, the soft break's {@code =} not counted. */
	private static final int QP_LINE = 75;

	/** Bytes of UTF-8 per encoded word: 52 characters of base64, a folded line of 65. */
	private static final int WORD_BYTES = 39;

	private MimeText() {
	}

	/**
	 * Appends {@code name: value} and its line break. The value must be printable ASCII
	 * on one line: a line break in it would add headers of its own choosing.
	 */
	static void header(StringBuilder out, String name, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				throw new MailPreparationException("Header " + name + " has a character it may not have at " + i);
			}
		}
		out.append(name).append(": ").append(value).append("\r\n");
	}

	/**
	 * Appends an unstructured header (a subject) as it is if it is short printable ASCII,
	 * else as UTF-8 encoded words (RFC 2047, B encoding), one per folded line.
	 */
	static void textHeader(StringBuilder out, String name, String value) {
		if (value.length() <= 900 && value.chars().allMatch((c) -> c >= 0x20 && c <= 0x7e)) {
			header(out, name, value);
			return;
		}
		out.append(name).append(':');
		Base64.Encoder base64 = Base64.getEncoder();
		int start = 0;
		while (start < value.length()) {
			int end = start;
			int bytes = 0;
			while (end < value.length()) {
				int codePoint = value.codePointAt(end);
				int length = utf8Length(codePoint);
				if (bytes + length > WORD_BYTES) {
					break;
				}
				bytes += length;
				end += Character.charCount(codePoint);
			}
			if (start > 0) {
				out.append("\r\n");
			}
			out.append(" =?UTF-8?B?")
				.append(base64.encodeToString(value.substring(start, end).getBytes(StandardCharsets.UTF_8)))
				.append("?=");
			start = end;
		}
		out.append("\r\n");
	}

	/**
	 * Appends text as quoted-printable (RFC 2045 6.7) UTF-8 with CRLF line breaks: 7-bit
	 * safe through any relay, readable where the text is ASCII, no line longer than 76.
	 */
	static void quotedPrintable(StringBuilder out, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		int line = 0;
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xff;
			if (b == '\r' || b == '\n') {
				if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
					i++;
				}
				out.append("\r\n");
				line = 0;
				continue;
			}
			boolean endOfLine = i + 1 == bytes.length || bytes[i + 1] == '\r' || bytes[i + 1] == '\n';
			// Whitespace at the end of a line may be stripped on the way: encoded there.
			boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !endOfLine);
			int width = literal ? 1 : 3;
			if (line + width > QP_LINE) {
				out.append("=\r\n");
				line = 0;
			}
			if (literal) {
				out.append((char) b);
			}
			else {
				out.append('=').append(HEX[b >> 4]).append(HEX[b & 0xf]);
			}
			line += width;
		}
	}

	private static int utf8Length(int codePoint) {
		if (codePoint < 0x80) {
			return 1;
		}
		if (codePoint < 0x800) {
			return 2;
		}
		return (codePoint < 0x10000) ? 3 : 4;
	}

}

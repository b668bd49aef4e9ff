package nl.tijdig.notifier.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import nl.tijdig.notifier.message.MessageLinks;
import nl.tijdig.notifier.message.WrittenText;

import org.springframework.mail.MailPreparationException;

/**
 * The MIME text (RFC 2045–2047, 5322) of one Tijdig email as it is written, straight into
 * the bytes that go on the wire: header lines, quoted-printable bodies and encoded words.
 * Jakarta Mail would look its encoders up through the service loader for every part of
 * every message, and a text built as characters had to be copied twice more to become
 * bytes; this writes each byte once, into an array sized for the message.
 */
final class MimeText {

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	/** Characters on a quoted-printable line, the soft break's {@code =} not counted. */
	private static final int QP_LINE = 75;

	/** Bytes of UTF-8 per encoded word: 52 characters of base64, a folded line of 65. */
	private static final int WORD_BYTES = 39;

	private byte[] bytes;

	private int length;

	/**
	 * @param expected how long the message is likely to be: a good guess spares copying
	 */
	MimeText(int expected) {
		this.bytes = new byte[Math.max(expected, 256)];
	}

	/** What was written. */
	byte[] bytes() {
		return Arrays.copyOf(this.bytes, this.length);
	}

	/**
	 * Appends text that is MIME's own (separators, a blank line); only ASCII, which the
	 * callers see to.
	 */
	MimeText append(String ascii) {
		ensure(ascii.length());
		for (int i = 0; i < ascii.length(); i++) {
			this.bytes[this.length++] = (byte) ascii.charAt(i);
		}
		return this;
	}

	private MimeText append(byte[] ascii) {
		ensure(ascii.length);
		System.arraycopy(ascii, 0, this.bytes, this.length, ascii.length);
		this.length += ascii.length;
		return this;
	}

	private void append(byte b) {
		ensure(1);
		this.bytes[this.length++] = b;
	}

	private void ensure(int more) {
		if (this.length + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more));
		}
	}

	/**
	 * Appends {@code name: value} and its line break. The value must be printable ASCII
	 * on one line: a line break in it would add headers of its own choosing.
	 */
	MimeText header(String name, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				throw new MailPreparationException("Header " + name + " has a character it may not have at " + i);
			}
		}
		return append(name).append(": ").append(value).append("\r\n");
	}

	/**
	 * Appends an unstructured header (a subject) as it is if it is short printable ASCII,
	 * else as UTF-8 encoded words (RFC 2047, B encoding), one per folded line.
	 */
	MimeText textHeader(String name, String value) {
		if (value.length() <= 900 && value.chars().allMatch((c) -> c >= 0x20 && c <= 0x7e)) {
			return header(name, value);
		}
		append(name).append(":");
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
				append("\r\n");
			}
			append(" =?UTF-8?B?").append(base64.encode(value.substring(start, end).getBytes(StandardCharsets.UTF_8)))
				.append("?=");
			start = end;
		}
		return append("\r\n");
	}

	/**
	 * Appends a written part as quoted-printable (RFC 2045 6.7) UTF-8 with CRLF line
	 * breaks, 7-bit safe through any relay, readable where the text is ASCII, no line
	 * longer than 76, with the reader's links filled in. Its pieces are encoded once per
	 * written message and kept with it; only the links are encoded per reader, each
	 * followed by a soft line break, so that the next piece starts a line as it did when
	 * it was encoded.
	 */
	MimeText quotedPrintable(WrittenText text, MessageLinks links) {
		EncodedPieces pieces = text.derived(EncodedPieces.class, EncodedPieces::of);
		for (int i = 0; i < text.links(); i++) {
			append(pieces.text()[i]);
			int column = quotedPrintable(this, text.link(i, links), pieces.endColumn()[i], false);
			if (column > 0) {
				append("=\r\n");
			}
		}
		return append(pieces.text()[text.links()]);
	}

	/**
	 * @param column where on its line the text begins
	 * @param endsLine whether the text ends a line (its trailing white space is encoded)
	 * or more follows on the same line
	 * @return where on its line the text ends
	 */
	private static int quotedPrintable(MimeText out, String text, int column, boolean endsLine) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		int line = column;
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
			boolean endOfLine = (i + 1 == bytes.length) ? endsLine : (bytes[i + 1] == '\r' || bytes[i + 1] == '\n');
			// Whitespace at the end of a line may be stripped on the way: encoded there.
			boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !endOfLine);
			int width = literal ? 1 : 3;
			if (line + width > QP_LINE) {
				out.append("=\r\n");
				line = 0;
			}
			if (literal) {
				out.append((byte) b);
			}
			else {
				out.append((byte) '=');
				out.append(HEX[b >> 4]);
				out.append(HEX[b & 0xf]);
			}
			line += width;
		}
		return line;
	}

	/**
	 * The pieces of a written part as quoted-printable, each begun on a line of its own,
	 * and the column each ends at.
	 */
	private record EncodedPieces(byte[][] text, int[] endColumn) {

		static EncodedPieces of(WrittenText written) {
			int count = written.links() + 1;
			byte[][] text = new byte[count][];
			int[] endColumn = new int[count];
			for (int i = 0; i < count; i++) {
				MimeText encoded = new MimeText(written.piece(i).length() + 64);
				endColumn[i] = quotedPrintable(encoded, written.piece(i), 0, i == count - 1);
				text[i] = encoded.bytes();
			}
			return new EncodedPieces(text, endColumn);
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

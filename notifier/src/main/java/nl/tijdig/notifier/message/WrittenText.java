package nl.tijdig.notifier.message;

import java.util.List;
import java.util.function.Function;

import org.springframework.web.util.HtmlUtils;

/**
 * A part of a message as it was written once for all its readers: literal pieces with one
 * of the reader's links between each two. Whoever sends it may derive something from the
 * pieces once (their transfer encoding, say) and fill in only the links per reader.
 */
public final class WrittenText {

	private final List<String> pieces;

	private final int[] links;

	private final boolean html;

	private final int literalLength;

	private volatile Object derived;

	/**
	 * @param pieces the literal text, one more piece than links
	 * @param links which of the reader's links follows each piece but the last: 0
	 * confirm, 1 unsubscribe, 2 done, 3 forget, 4 export
	 * @param html whether a link is to be HTML-escaped
	 */
	public WrittenText(List<String> pieces, int[] links, boolean html) {
		if (pieces.size() != links.length + 1) {
			throw new IllegalArgumentException(
					"One piece more than links, not " + pieces.size() + " and " + links.length);
		}
		this.pieces = List.copyOf(pieces);
		this.links = links.clone();
		this.html = html;
		this.literalLength = pieces.stream().mapToInt(String::length).sum();
	}

	/** A text without links: written for one reader, or needing none. */
	public static WrittenText literal(String text, boolean html) {
		return new WrittenText(List.of(text), new int[0], html);
	}

	/** How many links the text has; it has one piece more. */
	public int links() {
		return this.links.length;
	}

	/** How many characters the text has but its links. */
	public int literalLength() {
		return this.literalLength;
	}

	public String piece(int index) {
		return this.pieces.get(index);
	}

	/** The reader's link that follows piece {@code index}, escaped as the part needs. */
	public String link(int index, MessageLinks readersLinks) {
		String link = switch (this.links[index]) {
			case 0 -> readersLinks.confirm();
			case 1 -> readersLinks.unsubscribe();
			case 2 -> readersLinks.done();
			case 3 -> readersLinks.forget();
			default -> readersLinks.export();
		};
		return (this.html && needsEscaping(link)) ? HtmlUtils.htmlEscape(link) : link;
	}

	/**
	 * A signed link seldom has anything to escape: checked first, not copied each time.
	 */
	private static boolean needsEscaping(String link) {
		for (int i = 0; i < link.length(); i++) {
			char c = link.charAt(i);
			if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || c > 0x7e) {
				return true;
			}
		}
		return false;
	}

	/** The text with the reader's links filled in. */
	public String fill(MessageLinks readersLinks) {
		if (this.links.length == 0) {
			return this.pieces.get(0);
		}
		StringBuilder filled = new StringBuilder(this.literalLength + 256 * this.links.length);
		for (int i = 0; i < this.links.length; i++) {
			filled.append(this.pieces.get(i)).append(link(i, readersLinks));
		}
		return filled.append(this.pieces.get(this.links.length)).toString();
	}

	/**
	 * What {@code derive} makes of this text, made once and kept with it, so that it
	 * lives as long as the written message is kept. One kind of thing per text.
	 */
	public <T> T derived(Class<T> type, Function<WrittenText, T> derive) {
		Object kept = this.derived;
		if (!type.isInstance(kept)) {
			// Two threads may both derive it: the same result.
			kept = derive.apply(this);
			this.derived = kept;
		}
		return type.cast(kept);
	}

}

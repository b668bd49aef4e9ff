package nl.tijdig.notifier.message;

import nl.tijdig.events.Language;

/**
 * One email, written and ready to send: its parts as written for every reader of the
 * message and this reader's links. Sending encodes the written pieces once per message
 * and only the links per reader; a part is filled in whole only for whoever reads it so
 * (a preview, a test send's log).
 *
 * @param language the language it is written in: the reader's, unless the campaign has no
 * content in it
 * @param writtenText the plain-text part, complete on its own once the links are in
 * @param writtenHtml the HTML part, saying the same as the text
 */
public record RenderedMessage(Language language, String subject, WrittenText writtenText, WrittenText writtenHtml,
		MessageLinks links) {

	/** A message written for one reader alone, the links already in its parts. */
	public RenderedMessage(Language language, String subject, String text, String html, MessageLinks links) {
		this(language, subject, WrittenText.literal(text, false), WrittenText.literal(html, true), links);
	}

	/** The plain-text part with the reader's links. */
	public String text() {
		return this.writtenText.fill(this.links);
	}

	/** The HTML part with the reader's links. */
	public String html() {
		return this.writtenHtml.fill(this.links);
	}

}

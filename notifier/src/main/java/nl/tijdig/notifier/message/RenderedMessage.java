package nl.tijdig.notifier.message;

import nl.tijdig.events.Language;

/**
 * One email, written and ready to send.
 *
 * @param language the language it is written in: the reader's, unless the campaign has no
 * content in it
 * @param text the plain-text part, complete on its own
 * @param html the HTML part, saying the same as the text
 * @param writtenText the plain-text part as written for every reader of the message,
 * {@code null} if it was written for this reader alone
 * @param writtenHtml the same of the HTML part
 */
public record RenderedMessage(Language language, String subject, String text, String html, MessageLinks links,
		WrittenText writtenText, WrittenText writtenHtml) {

	/** A message written for one reader alone. */
	public RenderedMessage(Language language, String subject, String text, String html, MessageLinks links) {
		this(language, subject, text, html, links, null, null);
	}

}

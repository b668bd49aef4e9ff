package nl.tijdig.notifier.message;

import nl.tijdig.events.Language;

/**
 * One email, written and ready to send.
 *
 * @param language the language it is written in: the reader's, unless the campaign has no
 * content in it
 * @param text the plain-text part, complete on its own
 * @param html the HTML part, saying the same as the text
 */
public record RenderedMessage(Language language, String subject, String text, String html, MessageLinks links) {

}

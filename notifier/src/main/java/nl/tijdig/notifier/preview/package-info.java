/**
 * Answers an operator's preview requests ({@code tijdig.previews}): writes the message
 * for the campaign as it stands in the console, exactly as a subscriber would get it, and
 * sends it to a test address if asked; the answer goes to
 * {@code tijdig.previews.rendered}. Nothing here touches the delivery log or the
 * campaign's numbers.
 */
package nl.tijdig.notifier.preview;

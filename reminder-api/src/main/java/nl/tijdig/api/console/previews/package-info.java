/**
 * Each message of a campaign as the notifier writes it, and a test send of it to one
 * address: asked over {@code tijdig.previews}, answered on
 * {@code tijdig.previews.rendered}. Its public face is the address of a message's HTML,
 * which the console's security lets the preview page frame.
 */
package nl.tijdig.api.console.previews;

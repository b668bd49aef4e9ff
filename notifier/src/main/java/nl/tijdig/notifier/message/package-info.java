/**
 * The text of each email: Thymeleaf templates per kind and language (HTML and plain
 * text), filled with the campaign's content and the reader's signed links.
 */
package nl.tijdig.notifier.message;

package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The notifier's answer to a {@link PreviewRequested}: the message as it writes it, and
 * what became of the test send.
 *
 * @param requestId the {@link PreviewRequested#id()} answered
 * @param language the language the message is written in: the one asked for, unless the
 * campaign has no content in it
 * @param text the plain-text part
 * @param html the HTML part
 * @param testSend what became of the test send
 * @param detail why the message could not be written (then subject, text and html are
 * {@code null}) or why the test send failed; {@code null} otherwise
 */
public record PreviewRendered(UUID id, Instant time, int schemaVersion, UUID requestId, Language language,
		String subject, String text, String html, TestSend testSend, String detail) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public static PreviewRendered of(UUID requestId, Language language, String subject, String text, String html,
			TestSend testSend, String detail, Instant time) {
		return new PreviewRendered(UUID.randomUUID(), time, SCHEMA_VERSION, requestId, language, subject, text, html,
				testSend, detail);
	}

	/** What became of a test send. */
	public enum TestSend {

		/** None was asked for. */
		NONE,

		/** The SMTP server accepted the message. */
		SENT,

		/** The message could not be written, or the SMTP server refused it. */
		FAILED

	}

}

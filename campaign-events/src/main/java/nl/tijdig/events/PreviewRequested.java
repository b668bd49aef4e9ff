package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An operator asks to see one message exactly as the notifier would write it, and
 * optionally to have it sent to one address. The notifier answers with
 * {@link PreviewRendered} under the same key, the request's {@link #id()}.
 *
 * @param campaign the campaign's definition as it stands in the console, published or
 * not, so that a correction can be checked before it goes out
 * @param waveKey the wave a reminder belongs to, {@code null} for other kinds
 * @param language the reader's language
 * @param testRecipient where to send the message, {@code null} for a preview only; an
 * address an operator typed, never a subscriber's (see {@link Topics#PREVIEWS})
 * @param expiresAt after this the notifier drops the request unanswered and unsent: the
 * operator has stopped waiting, and a test email arriving much later would only confuse
 */
public record PreviewRequested(UUID id, Instant time, int schemaVersion, CampaignPublished campaign, MessageKind kind,
		String waveKey, Language language, String testRecipient, Instant expiresAt) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public static PreviewRequested of(CampaignPublished campaign, MessageKind kind, String waveKey, Language language,
			String testRecipient, Instant time, Instant expiresAt) {
		return new PreviewRequested(UUID.randomUUID(), time, SCHEMA_VERSION, campaign, kind, waveKey, language,
				testRecipient, expiresAt);
	}

}

package nl.tijdig.api.console.previews;

import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;

/**
 * Which message to preview: its kind, the wave for a reminder ({@code null} for the other
 * kinds), and the reader's language.
 */
record PreviewChoice(MessageKind kind, String waveKey, Language language) {
}

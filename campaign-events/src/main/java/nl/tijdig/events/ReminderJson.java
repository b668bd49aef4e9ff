package nl.tijdig.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes a {@link ReminderRequested} as the same JSON bytes Jackson writes, without
 * Jackson: a wave's fan-out writes one per subscriber, a million in a row, and the
 * general-purpose serializer was a third of the fan-out thread's time (bean properties,
 * UUID and instant serializers, buffer recycling). {@code EventSerdeTests} and
 * {@code ReminderJsonTests} hold the two to the same bytes.
 */
final class ReminderJson {

	private ReminderJson() {
	}

	/**
	 * @return the JSON, or {@code null} when a text field holds a character JSON must
	 * escape: such a request is left to Jackson
	 */
	static byte[] write(ReminderRequested reminder) {
		if (needsEscaping(reminder.messageKey()) || needsEscaping(reminder.waveKey())) {
			return null;
		}
		StringBuilder json = new StringBuilder(320);
		json.append("{\"id\":");
		uuid(json, reminder.id());
		json.append(",\"time\":");
		if (reminder.time() == null) {
			json.append("null");
		}
		else {
			json.append('"').append(reminder.time()).append('"');
		}
		json.append(",\"schemaVersion\":").append(reminder.schemaVersion());
		json.append(",\"subscriberId\":");
		uuid(json, reminder.subscriberId());
		json.append(",\"campaignId\":");
		uuid(json, reminder.campaignId());
		json.append(",\"kind\":");
		text(json, (reminder.kind() != null) ? reminder.kind().name() : null);
		json.append(",\"messageKey\":");
		text(json, reminder.messageKey());
		json.append(",\"waveKey\":");
		text(json, reminder.waveKey());
		json.append(",\"subscriptionVersion\":").append(reminder.subscriptionVersion()).append('}');
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void uuid(StringBuilder json, UUID uuid) {
		if (uuid == null) {
			json.append("null");
		}
		else {
			json.append('"').append(uuid).append('"');
		}
	}

	private static void text(StringBuilder json, String text) {
		if (text == null) {
			json.append("null");
		}
		else {
			json.append('"').append(text).append('"');
		}
	}

	private static boolean needsEscaping(String text) {
		if (text == null) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
				return true;
			}
		}
		return false;
	}

}

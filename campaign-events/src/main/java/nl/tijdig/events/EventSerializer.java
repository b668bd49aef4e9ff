package nl.tijdig.events;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/**
 * Writes events as JSON and passes raw bytes through untouched, so that the dead-letter
 * publisher can forward a record that could not be read exactly as it arrived. Reminder
 * requests, the one event written by the million, are written by {@link ReminderJson}.
 */
public class EventSerializer extends JacksonJsonSerializer<Object> {

	// The type headers of a reminder request, as the type mapper writes them: asking it
	// per request resolved the type anew each time, a seventh of what writing one cost.
	private volatile Header[] reminderType;

	@Override
	public byte[] serialize(String topic, Headers headers, Object data) {
		if (data instanceof byte[] raw) {
			return raw;
		}
		if (data instanceof ReminderRequested reminder) {
			byte[] json = ReminderJson.write(reminder);
			if (json != null) {
				if (headers != null && this.addTypeInfo) {
					addReminderType(headers);
				}
				return json;
			}
		}
		return super.serialize(topic, headers, data);
	}

	private void addReminderType(Headers headers) {
		Header[] type = this.reminderType;
		if (type == null) {
			Headers written = new RecordHeaders();
			this.typeMapper.fromClass(ReminderRequested.class, written);
			type = written.toArray();
			this.reminderType = type;
		}
		for (Header header : type) {
			// The mapper replaces a type header the record already has.
			headers.remove(header.key());
			headers.add(header);
		}
	}

	@Override
	public byte[] serialize(String topic, Object data) {
		if (data instanceof byte[] raw) {
			return raw;
		}
		return super.serialize(topic, data);
	}

}

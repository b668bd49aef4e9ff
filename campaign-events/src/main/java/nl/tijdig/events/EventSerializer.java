package nl.tijdig.events;

import org.apache.kafka.common.header.Headers;

import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/**
 * Writes events as JSON and passes raw bytes through untouched, so that the dead-letter
 * publisher can forward a record that could not be read exactly as it arrived. Reminder
 * requests, the one event written by the million, are written by {@link ReminderJson}.
 */
public class EventSerializer extends JacksonJsonSerializer<Object> {

	@Override
	public byte[] serialize(String topic, Headers headers, Object data) {
		if (data instanceof byte[] raw) {
			return raw;
		}
		if (data instanceof ReminderRequested reminder) {
			byte[] json = ReminderJson.write(reminder);
			if (json != null) {
				if (headers != null && this.addTypeInfo) {
					this.typeMapper.fromClass(ReminderRequested.class, headers);
				}
				return json;
			}
		}
		return super.serialize(topic, headers, data);
	}

	@Override
	public byte[] serialize(String topic, Object data) {
		if (data instanceof byte[] raw) {
			return raw;
		}
		return super.serialize(topic, data);
	}

}

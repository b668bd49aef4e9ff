package nl.tijdig.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import org.springframework.kafka.support.mapping.DefaultJacksonJavaTypeMapper;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

/**
 * Reads events as JSON by their type header, as Jackson does; reminder requests, the one
 * event read by the million, without Jackson when they come in the shape they are written
 * in ({@link ReminderJsonReader}).
 */
public class EventDeserializer extends JacksonJsonDeserializer<Object> {

	private static final byte[] REMINDER_TYPE = EventTypes.nameOf(ReminderRequested.class)
		.getBytes(StandardCharsets.UTF_8);

	@Override
	public Object deserialize(String topic, Headers headers, byte[] data) {
		if (data != null && headers != null && isReminder(headers)) {
			ReminderRequested reminder = ReminderJsonReader.read(data);
			if (reminder != null) {
				// As Jackson's reading would: the type header is the deserializer's, not
				// the listener's.
				this.typeMapper.removeHeaders(headers);
				return reminder;
			}
		}
		return super.deserialize(topic, headers, data);
	}

	private boolean isReminder(Headers headers) {
		Header type = headers.lastHeader(DefaultJacksonJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME);
		return type != null && Arrays.equals(type.value(), REMINDER_TYPE);
	}

}

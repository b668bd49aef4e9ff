package nl.tijdig.events;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/**
 * Client settings that read and write the events: string keys, JSON values, the type as a
 * logical name in a header. Applied to every service by
 * {@link KafkaEventsAutoConfiguration}; exposed for clients built by hand (benchmarks,
 * tests).
 */
public final class EventSerde {

	private EventSerde() {
	}

	public static Map<String, Object> producerConfig() {
		return Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class,
				JacksonJsonSerializer.TYPE_MAPPINGS, EventTypes.serdeMappings());
	}

	/**
	 * A value that cannot be read does not stop the consumer: the
	 * {@link ErrorHandlingDeserializer} hands it to the listener container's error
	 * handler, which sends it to the dead-letter topic.
	 */
	public static Map<String, Object> consumerConfig() {
		return Map.of(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class,
				ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, EventDeserializer.class,
				JacksonJsonDeserializer.TYPE_MAPPINGS, EventTypes.serdeMappings());
	}

}

package nl.tijdig.api.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import nl.tijdig.events.EventSerde;
import nl.tijdig.testinfra.Infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a topic from the start, as a consumer group of its own, for one key. */
final class TopicReader {

	private TopicReader() {
	}

	/** The values under {@code key}, read until {@code enough} holds for them. */
	static List<Object> values(String topic, String key, Predicate<List<Object>> enough) {
		Map<String, Object> config = new HashMap<>(EventSerde.consumerConfig());
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "console-it-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<Object> values = new ArrayList<>();
		try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
			consumer.subscribe(List.of(topic));
			long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!enough.test(values) && System.nanoTime() < until) {
				for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
					if (key.equals(record.key())) {
						values.add(record.value());
					}
				}
			}
		}
		assertThat(enough).as("records under " + key + " on " + topic + ": " + values).accepts(values);
		return values;
	}

}

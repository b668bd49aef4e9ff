package nl.tijdig.notifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import nl.tijdig.events.EventSerde;
import nl.tijdig.testinfra.Infrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.awaitility.Awaitility;

/**
 * Reads a whole topic from its start, as a test's witness of what the notifier published.
 * Assigned rather than subscribed, so it never waits for a consumer group to settle.
 */
public final class TopicReader<V> implements AutoCloseable {

	private final KafkaConsumer<String, V> consumer;

	private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

	private TopicReader(String topic, Map<String, Object> config) {
		Map<String, Object> all = new HashMap<>(config);
		all.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers());
		all.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
		all.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.consumer = new KafkaConsumer<>(all);
		List<TopicPartition> partitions = this.consumer.partitionsFor(topic, Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
	}

	/** Events, read with the serde the services use. */
	public static TopicReader<Object> events(String topic) {
		return new TopicReader<>(topic, EventSerde.consumerConfig());
	}

	/** Raw records, for a dead-letter topic whose values need not be readable. */
	public static TopicReader<byte[]> raw(String topic) {
		return new TopicReader<>(topic, Map.of(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
	}

	/** Everything read so far, after one more short poll. */
	public List<ConsumerRecord<String, V>> poll() {
		this.consumer.poll(Duration.ofMillis(200)).forEach(this.records::add);
		return List.copyOf(this.records);
	}

	/** Waits for the first record that matches. */
	public ConsumerRecord<String, V> await(Predicate<ConsumerRecord<String, V>> matching) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInSameThread()
			.until(() -> poll().stream().filter(matching).findFirst(), Optional::isPresent)
			.get();
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}

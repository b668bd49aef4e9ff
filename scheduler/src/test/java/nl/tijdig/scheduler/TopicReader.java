package nl.tijdig.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import nl.tijdig.events.EventSerde;
import nl.tijdig.testinfra.Infrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from its beginning, outside any consumer group, and keeps what it
 * read. The topics are shared by every test in the JVM, so tests look only at the keys
 * they made.
 *
 * @param <V> the type of the record values
 */
public final class TopicReader<V> implements AutoCloseable {

	private final KafkaConsumer<String, V> consumer;

	private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

	private TopicReader(String topic, Map<String, Object> config) {
		Map<String, Object> consumerConfig = new HashMap<>(config);
		consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers());
		consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.consumer = new KafkaConsumer<>(consumerConfig);
		List<TopicPartition> partitions = this.consumer.partitionsFor(topic)
			.stream()
			.map((partition) -> new TopicPartition(topic, partition.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
	}

	/** Reads the events on {@code topic} as the services do. */
	public static TopicReader<Object> events(String topic) {
		return new TopicReader<>(topic, EventSerde.consumerConfig());
	}

	/** Reads the values on {@code topic} as they are, e.g. on a dead-letter topic. */
	public static TopicReader<byte[]> raw(String topic) {
		return new TopicReader<>(topic, Map.of(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
	}

	/**
	 * Polls once more and returns every record read so far under {@code key}, in the
	 * order of the log.
	 */
	public List<ConsumerRecord<String, V>> withKey(String key) {
		this.consumer.poll(Duration.ofMillis(200)).forEach(this.records::add);
		return this.records.stream().filter((record) -> Objects.equals(record.key(), key)).toList();
	}

	/** Polls once more and returns every record read so far, in the order of the log. */
	public List<ConsumerRecord<String, V>> all() {
		this.consumer.poll(Duration.ofMillis(200)).forEach(this.records::add);
		return List.copyOf(this.records);
	}

	/** Like {@link #withKey(String)}, but only the values. */
	public List<V> valuesWithKey(String key) {
		return withKey(key).stream().map(ConsumerRecord::value).toList();
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}

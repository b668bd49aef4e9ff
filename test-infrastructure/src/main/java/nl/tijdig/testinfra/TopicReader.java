package nl.tijdig.testinfra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import nl.tijdig.events.EventSerde;
import nl.tijdig.infrastructure.Infrastructure;

/**
 * A test's witness of what went over a topic: reads the whole topic from its start and
 * keeps what it read. Assigned rather than subscribed, so it never waits for a consumer
 * group to settle. The topics are shared by every test in the JVM, so a test looks only
 * at the keys it made.
 *
 * @param <V> the type of the record values
 */
public final class TopicReader<V> implements AutoCloseable {

	private final KafkaConsumer<String, V> consumer;

	private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

	private TopicReader(String topic, Map<String, Object> config) {
		this(topic, config, Infrastructure.shared().kafkaBootstrapServers());
	}

	private TopicReader(String topic, Map<String, Object> config, String bootstrapServers) {
		Map<String, Object> all = new HashMap<>(config);
		all.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
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

	/** Reads the events on {@code topic} with the serde the services use. */
	public static TopicReader<Object> events(String topic) {
		return new TopicReader<>(topic, EventSerde.consumerConfig());
	}

	/** Reads the values on {@code topic} as they are, e.g. on a dead-letter topic. */
	public static TopicReader<byte[]> raw(String topic) {
		return raw(topic, Infrastructure.shared().kafkaBootstrapServers());
	}

	/** {@link #raw(String)} on another broker than the shared one, e.g. a test's own. */
	public static TopicReader<byte[]> raw(String topic, String bootstrapServers) {
		return new TopicReader<>(topic, Map.of(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class), bootstrapServers);
	}

	/** Polls once more and returns every record read so far, in the order of the log. */
	public List<ConsumerRecord<String, V>> all() {
		this.consumer.poll(Duration.ofMillis(200)).forEach(this.records::add);
		return List.copyOf(this.records);
	}

	/**
	 * Polls once more and returns the records read so far under {@code key}, in order.
	 */
	public List<ConsumerRecord<String, V>> withKey(String key) {
		return all().stream().filter((record) -> Objects.equals(record.key(), key)).toList();
	}

	/**
	 * Like {@link #withKey(String)}, but only the values (a tombstone is {@code null}).
	 */
	public List<V> valuesWithKey(String key) {
		return withKey(key).stream().map(ConsumerRecord::value).toList();
	}

	/** Waits up to a minute for the first record that matches. */
	public ConsumerRecord<String, V> await(Predicate<ConsumerRecord<String, V>> matching) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInSameThread()
			.until(() -> all().stream().filter(matching).findFirst(), Optional::isPresent)
			.get();
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}

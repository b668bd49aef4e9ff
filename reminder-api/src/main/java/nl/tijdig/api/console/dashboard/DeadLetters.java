package nl.tijdig.api.console.dashboard;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.mapping.DefaultJacksonJavaTypeMapper;
import org.springframework.stereotype.Component;

import nl.tijdig.events.Redaction;
import nl.tijdig.events.Topics;

/**
 * The dead-letter topics as an operator sees them, read straight from the broker with a
 * consumer of no group (it commits nothing and moves no one's offsets); their replay is
 * {@link DeadLetterReplays}'.
 */
@Component
class DeadLetters {

	private final Map<String, Object> consumerConfig;

	private final JdbcClient jdbc;

	private final DeadLetterProperties properties;

	DeadLetters(ConsumerFactory<Object, Object> consumers, JdbcClient jdbc, DeadLetterProperties properties) {
		// The service's own connection settings, with bytes in: a dead letter is shown
		// and sent on as it is, readable or not.
		this.consumerConfig = clientConfig(consumers.getConfigurationProperties());
		this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
		this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.jdbc = jdbc;
		this.properties = properties;
	}

	static Map<String, Object> clientConfig(Map<String, Object> config) {
		Map<String, Object> copy = new HashMap<>(config);
		// Spring's own deserializer settings mean nothing to a plain client.
		copy.keySet().removeIf((key) -> key.startsWith("spring."));
		return copy;
	}

	/**
	 * Every dead-letter topic with its count and newest records, in the order of the
	 * flow.
	 */
	List<DeadLetterTopic> topics() {
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			List<DeadLetterTopic> topics = new ArrayList<>();
			for (String original : Topics.all()) {
				String topic = Topics.deadLetterOf(original);
				Offsets offsets = offsets(consumer, topic);
				Map<TopicPartition, Long> from = new HashMap<>();
				offsets.end()
					.forEach((partition, end) -> from.put(partition,
							Math.max(offsets.begin().get(partition), end - this.properties.newest())));
				List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
				read(consumer, from, offsets.end(), records::add);
				List<ConsumerRecord<byte[], byte[]>> newest = records.stream()
					.sorted(Comparator.comparingLong(ConsumerRecord<byte[], byte[]>::timestamp)
						.thenComparingLong(ConsumerRecord::offset)
						.reversed())
					.limit(this.properties.newest())
					.toList();
				Set<String> replayed = replayed(topic);
				topics.add(new DeadLetterTopic(topic, original, offsets.count(),
						newest.stream()
							.map((record) -> DeadLetter.of(record,
									replayed.contains(record.partition() + "@" + record.offset())))
							.toList()));
			}
			return topics;
		}
	}

	/**
	 * The dead letter at an offset.
	 * @throws DeadLetterNotFoundException if there is no such dead-letter topic,
	 * partition or record (any more)
	 */
	ConsumerRecord<byte[], byte[]> one(String topic, int partition, long offset) {
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			TopicPartition deadLetters = new TopicPartition(topic, partition);
			Offsets offsets = offsets(consumer, topic);
			if (!offsets.end().containsKey(deadLetters) || offset < offsets.begin().get(deadLetters)
					|| offset >= offsets.end().get(deadLetters)) {
				throw new DeadLetterNotFoundException(topic + "-" + partition + "@" + offset);
			}
			List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
			read(consumer, Map.of(deadLetters, offset), Map.of(deadLetters, offset + 1), found::add);
			if (found.isEmpty()) {
				throw new DeadLetterNotFoundException(topic + "-" + partition + "@" + offset);
			}
			return found.get(0);
		}
	}

	/**
	 * Hands every dead letter a topic holds now to the action.
	 * @return how many it holds
	 */
	long each(String topic, Consumer<ConsumerRecord<byte[], byte[]>> action) {
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			Offsets offsets = offsets(consumer, topic);
			read(consumer, offsets.begin(), offsets.end(), action);
			return offsets.count();
		}
	}

	private Set<String> replayed(String topic) {
		return new HashSet<>(this.jdbc
			.sql("SELECT dead_letter_partition || '@' || dead_letter_offset FROM dead_letter_replay"
					+ " WHERE dead_letter_topic = ?")
			.param(topic)
			.query(String.class)
			.list());
	}

	private Offsets offsets(KafkaConsumer<byte[], byte[]> consumer, String topic) {
		Duration timeout = this.properties.timeout();
		List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout)
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		return new Offsets(consumer.beginningOffsets(partitions, timeout), consumer.endOffsets(partitions, timeout));
	}

	/**
	 * Hands each record from {@code from} up to (not including) {@code to} to the action,
	 * partition by partition in offset order; gives up when the broker sends nothing for
	 * the timeout.
	 */
	private void read(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> from,
			Map<TopicPartition, Long> to, Consumer<ConsumerRecord<byte[], byte[]>> action) {
		List<TopicPartition> wanted = from.keySet().stream().filter((p) -> from.get(p) < to.get(p)).toList();
		if (wanted.isEmpty()) {
			return;
		}
		consumer.assign(wanted);
		wanted.forEach((partition) -> consumer.seek(partition, from.get(partition)));
		Set<TopicPartition> open = new HashSet<>(wanted);
		long quietSince = System.nanoTime();
		while (!open.isEmpty()) {
			var records = consumer.poll(Duration.ofMillis(200));
			for (ConsumerRecord<byte[], byte[]> record : records) {
				TopicPartition partition = new TopicPartition(record.topic(), record.partition());
				if (open.contains(partition) && record.offset() < to.get(partition)) {
					action.accept(record);
				}
			}
			open.removeIf((partition) -> consumer.position(partition) >= to.get(partition));
			if (!records.isEmpty()) {
				quietSince = System.nanoTime();
			}
			else if (System.nanoTime() - quietSince > this.properties.timeout().toNanos()) {
				throw new org.apache.kafka.common.errors.TimeoutException(
						"Kafka sent nothing of " + open + " within " + this.properties.timeout());
			}
		}
	}

	private KafkaConsumer<byte[], byte[]> consumer() {
		return new KafkaConsumer<>(this.consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	private record Offsets(Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end) {

		long count() {
			return this.end.entrySet().stream().mapToLong((e) -> e.getValue() - this.begin.get(e.getKey())).sum();
		}

	}

	/**
	 * One dead-letter topic on the console's page.
	 *
	 * @param topic the dead-letter topic
	 * @param original the topic its records came from
	 * @param count how many records it holds
	 * @param newest its newest records, newest first
	 */
	record DeadLetterTopic(String topic, String original, long count, List<DeadLetter> newest) {

	}

	/**
	 * What the console shows of a dead letter: where it came from and why it failed,
	 * never its value, which may carry an address.
	 */
	record DeadLetter(int partition, long offset, Instant time, String key, String originalTopic,
			Integer originalPartition, Long originalOffset, String exception, String cause, String message,
			String eventType, boolean replayed) {

		static DeadLetter of(ConsumerRecord<byte[], byte[]> record, boolean replayed) {
			Headers headers = record.headers();
			byte[] partition = value(headers, KafkaHeaders.DLT_ORIGINAL_PARTITION);
			byte[] offset = value(headers, KafkaHeaders.DLT_ORIGINAL_OFFSET);
			return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
					(record.key() != null) ? Redaction.withoutAddresses(text(record.key())) : null,
					text(value(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC)),
					(partition != null && partition.length == Integer.BYTES) ? ByteBuffer.wrap(partition).getInt()
							: null,
					(offset != null && offset.length == Long.BYTES) ? ByteBuffer.wrap(offset).getLong() : null,
					text(value(headers, KafkaHeaders.DLT_EXCEPTION_FQCN)),
					text(value(headers, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)),
					Redaction.withoutAddresses(text(value(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE))),
					text(value(headers, DefaultJacksonJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME)), replayed);
		}

		private static byte[] value(Headers headers, String name) {
			Header header = headers.lastHeader(name);
			return (header != null) ? header.value() : null;
		}

		private static String text(byte[] bytes) {
			return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
		}

	}

}

package nl.tijdig.api.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.mapping.DefaultJacksonJavaTypeMapper;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import nl.tijdig.events.Redaction;
import nl.tijdig.events.Topics;

/**
 * The dead-letter topics as an operator sees them, read straight from the broker with a
 * consumer of no group (it commits nothing and moves no one's offsets), and the replay of
 * a dead letter onto its original topic: its key, value and headers as they were, less
 * the reason Spring Kafka added. The consumers are idempotent, so a replayed event that
 * had been processed after all changes nothing; the {@code dead_letter_replay} table
 * makes sure each dead letter is replayed once, whoever clicks how often.
 */
@Component
class DeadLetters implements DisposableBean {

	private static final Log logger = LogFactory.getLog(DeadLetters.class);

	private static final String DEAD_LETTER_HEADERS = "kafka_dlt-";

	private final Map<String, Object> consumerConfig;

	private final Map<String, Object> producerConfig;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final DeadLetterProperties properties;

	private final Clock clock;

	private KafkaProducer<byte[], byte[]> producer;

	DeadLetters(ConsumerFactory<Object, Object> consumers, ProducerFactory<Object, Object> producers, JdbcClient jdbc,
			TransactionTemplate transactions, DeadLetterProperties properties, Clock clock) {
		// The service's own connection settings, with bytes in and out: a dead letter is
		// shown and sent on as it is, readable or not.
		this.consumerConfig = clientConfig(consumers.getConfigurationProperties());
		this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
		this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.producerConfig = clientConfig(producers.getConfigurationProperties());
		this.producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		this.producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.timeout().toMillis());
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	private static Map<String, Object> clientConfig(Map<String, Object> config) {
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
	 * Puts one dead letter back on its original topic, unless it was replayed before.
	 * @return whether it was sent now
	 * @throws DeadLetterNotFoundException if there is no such dead-letter topic,
	 * partition or record (any more)
	 */
	boolean replay(String topic, int partition, long offset, String operator) {
		String original = originalOf(topic);
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
			boolean sent = replay(found.get(0), original, operator);
			logger.info(operator + (sent ? " replayed " : " asked again to replay ") + topic + "-" + partition + "@"
					+ offset + " to " + original);
			return sent;
		}
	}

	/**
	 * Puts every dead letter of a topic that is there now back on its original topic, but
	 * those replayed before.
	 * @return how many were sent
	 */
	int replayAll(String topic, String operator) {
		String original = originalOf(topic);
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			Offsets offsets = offsets(consumer, topic);
			int[] sent = { 0 };
			read(consumer, offsets.begin(), offsets.end(), (record) -> {
				if (replay(record, original, operator)) {
					sent[0]++;
				}
			});
			logger.info(operator + " replayed " + sent[0] + " of " + offsets.count() + " records of " + topic + " to "
					+ original);
			return sent[0];
		}
	}

	private boolean replay(ConsumerRecord<byte[], byte[]> record, String original, String operator) {
		return Boolean.TRUE.equals(this.transactions.execute((status) -> {
			int claimed = this.jdbc.sql("""
					INSERT INTO dead_letter_replay
					  (dead_letter_topic, dead_letter_partition, dead_letter_offset, replayed_by, replayed_at)
					VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
					""")
				.params(record.topic(), record.partition(), record.offset(), operator,
						Timestamp.from(this.clock.instant()))
				.update();
			if (claimed == 0) {
				return false;
			}
			// Sent before the claim commits: a send that fails undoes the claim.
			send(new ProducerRecord<>(original, originalPartition(record, original), record.key(), record.value(),
					originalHeaders(record.headers())));
			return true;
		}));
	}

	/**
	 * The partition it came from, so it comes after what was before it for its key; a
	 * topic that has fewer partitions now leaves it to the key.
	 */
	private Integer originalPartition(ConsumerRecord<byte[], byte[]> record, String original) {
		Header header = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION);
		if (header == null || header.value().length != Integer.BYTES) {
			return null;
		}
		int partition = ByteBuffer.wrap(header.value()).getInt();
		return (partition >= 0 && partition < producer().partitionsFor(original).size()) ? partition : null;
	}

	private static Headers originalHeaders(Headers headers) {
		RecordHeaders original = new RecordHeaders();
		for (Header header : headers) {
			if (!header.key().startsWith(DEAD_LETTER_HEADERS)
					&& !header.key().equals(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER)
					&& !header.key().equals(SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER)) {
				original.add(header);
			}
		}
		return original;
	}

	private void send(ProducerRecord<byte[], byte[]> record) {
		try {
			producer().send(record).get(this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while replaying to " + record.topic(), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new KafkaException("Kafka did not take the replay to " + record.topic(), ex);
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

	private static String originalOf(String topic) {
		return Topics.all()
			.stream()
			.filter((original) -> Topics.deadLetterOf(original).equals(topic))
			.findFirst()
			.orElseThrow(() -> new DeadLetterNotFoundException(topic));
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

	private synchronized KafkaProducer<byte[], byte[]> producer() {
		if (this.producer == null) {
			this.producer = new KafkaProducer<>(this.producerConfig, new ByteArraySerializer(),
					new ByteArraySerializer());
		}
		return this.producer;
	}

	@Override
	public synchronized void destroy() {
		if (this.producer != null) {
			this.producer.close(Duration.ofSeconds(5));
		}
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

package nl.tijdig.api.console.dashboard;

import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import nl.tijdig.events.Topics;

/**
 * The replay of a dead letter onto its original topic: its key, value and headers as they
 * were, less the reason Spring Kafka added. The consumers are idempotent, so a replayed
 * event that had been processed after all changes nothing; the {@code dead_letter_replay}
 * table makes sure each dead letter is replayed once, whoever clicks how often.
 */
@Component
class DeadLetterReplays implements DisposableBean {

	private static final Log logger = LogFactory.getLog(DeadLetterReplays.class);

	private static final String DEAD_LETTER_HEADERS = "kafka_dlt-";

	private final DeadLetters deadLetters;

	private final Map<String, Object> producerConfig;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final DeadLetterProperties properties;

	private final Clock clock;

	private KafkaProducer<byte[], byte[]> producer;

	DeadLetterReplays(DeadLetters deadLetters, ProducerFactory<Object, Object> producers, JdbcClient jdbc,
			TransactionTemplate transactions, DeadLetterProperties properties, Clock clock) {
		this.deadLetters = deadLetters;
		// The service's own connection settings, with bytes out: a dead letter is sent
		// on as it is, readable or not.
		this.producerConfig = DeadLetters.clientConfig(producers.getConfigurationProperties());
		this.producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		this.producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.timeout().toMillis());
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Puts one dead letter back on its original topic, unless it was replayed before.
	 * @return whether it was sent now
	 * @throws DeadLetterNotFoundException if there is no such dead-letter topic,
	 * partition or record (any more)
	 */
	boolean replay(String topic, int partition, long offset, String operator) {
		String original = originalOf(topic);
		boolean sent = replay(this.deadLetters.one(topic, partition, offset), original, operator);
		logger.info(operator + (sent ? " replayed " : " asked again to replay ") + topic + "-" + partition + "@"
				+ offset + " to " + original);
		return sent;
	}

	/**
	 * Puts every dead letter of a topic that is there now back on its original topic, but
	 * those replayed before.
	 * @return how many were sent
	 */
	int replayAll(String topic, String operator) {
		String original = originalOf(topic);
		int[] sent = { 0 };
		long count = this.deadLetters.each(topic, (record) -> {
			if (replay(record, original, operator)) {
				sent[0]++;
			}
		});
		logger.info(operator + " replayed " + sent[0] + " of " + count + " records of " + topic + " to " + original);
		return sent[0];
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

	private static String originalOf(String topic) {
		return Topics.all()
			.stream()
			.filter((original) -> Topics.deadLetterOf(original).equals(topic))
			.findFirst()
			.orElseThrow(() -> new DeadLetterNotFoundException(topic));
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

}

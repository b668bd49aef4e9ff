package nl.tijdig.testinfra;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import nl.tijdig.events.EventSerde;
import nl.tijdig.infrastructure.Infrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes records as another service would: with the events' serde, keyed, and
 * acknowledged before the test goes on.
 */
public final class TopicWriter implements AutoCloseable {

	private final KafkaProducer<String, Object> producer;

	public TopicWriter() {
		this(Infrastructure.shared().kafkaBootstrapServers());
	}

	/** Writes to another broker than the shared one, e.g. a test's own. */
	public TopicWriter(String bootstrapServers) {
		Map<String, Object> config = new HashMap<>(EventSerde.producerConfig());
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		this.producer = new KafkaProducer<>(config);
	}

	/**
	 * Sends an event, a tombstone ({@code null}) or raw bytes, which the serde passes
	 * through untouched.
	 */
	public RecordMetadata send(String topic, String key, Object value) {
		return send(new ProducerRecord<>(topic, key, value));
	}

	/** Sends a record as it is, headers included, and says where the broker put it. */
	public RecordMetadata send(ProducerRecord<String, Object> record) {
		try {
			return this.producer.send(record).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Kafka did not take " + record, ex.getCause());
		}
	}

	@Override
	public void close() {
		this.producer.close();
	}

}

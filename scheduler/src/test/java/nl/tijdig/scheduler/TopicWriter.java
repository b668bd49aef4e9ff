package nl.tijdig.scheduler;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import nl.tijdig.events.EventSerde;
import nl.tijdig.testinfra.Infrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records as another service would: with the events' serde, keyed, and
 * acknowledged before the test goes on.
 */
public final class TopicWriter implements AutoCloseable {

	private final KafkaProducer<String, Object> producer;

	public TopicWriter() {
		Map<String, Object> config = new HashMap<>(EventSerde.producerConfig());
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers());
		this.producer = new KafkaProducer<>(config);
	}

	/**
	 * Sends an event, a tombstone ({@code null}) or raw bytes, which the serde passes
	 * through untouched.
	 */
	public void send(String topic, String key, Object value) {
		send(new ProducerRecord<>(topic, key, value));
	}

	public void send(ProducerRecord<String, Object> record) {
		try {
			this.producer.send(record).get();
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

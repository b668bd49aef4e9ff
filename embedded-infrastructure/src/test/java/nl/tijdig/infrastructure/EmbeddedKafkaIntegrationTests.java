package nl.tijdig.infrastructure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class EmbeddedKafkaIntegrationTests {

	private static EmbeddedKafka kafka;

	@BeforeAll
	static void startBroker() {
		kafka = EmbeddedKafka.start();
	}

	@AfterAll
	static void stopBroker() {
		kafka.close();
	}

	@Test
	void recordProducedIsConsumed() throws Exception {
		String topic = createTopic();
		try (KafkaProducer<String, String> producer = producer(Map.of())) {
			producer.send(new ProducerRecord<>(topic, "subscriber-1", "hello")).get();
		}
		try (KafkaConsumer<String, String> consumer = consumer(IsolationLevel.READ_UNCOMMITTED)) {
			consumer.subscribe(List.of(topic));
			List<ConsumerRecord<String, String>> records = poll(consumer, 1);
			assertThat(records).singleElement().satisfies((record) -> {
				assertThat(record.key()).isEqualTo("subscriber-1");
				assertThat(record.value()).isEqualTo("hello");
			});
		}
	}

	@Test
	void readCommittedConsumerSeesOnlyCommittedTransactions() throws Exception {
		String topic = createTopic();
		try (KafkaProducer<String, String> producer = producer(
				Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID()))) {
			producer.initTransactions();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>(topic, "k", "aborted"));
			producer.abortTransaction();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>(topic, "k", "committed"));
			producer.commitTransaction();
		}
		try (KafkaConsumer<String, String> consumer = consumer(IsolationLevel.READ_COMMITTED)) {
			consumer.subscribe(List.of(topic));
			List<ConsumerRecord<String, String>> records = poll(consumer, 1);
			assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed");
		}
	}

	@Test
	void recordsOutliveARestartOfTheBroker() throws Exception {
		String topic = createTopic();
		try (KafkaProducer<String, String> producer = producer(Map.of())) {
			producer.send(new ProducerRecord<>(topic, "subscriber-2", "before restart")).get();
		}
		String bootstrapServers = kafka.bootstrapServers();

		kafka.restart();

		assertThat(kafka.bootstrapServers()).isEqualTo(bootstrapServers);
		try (KafkaConsumer<String, String> consumer = consumer(IsolationLevel.READ_UNCOMMITTED)) {
			consumer.subscribe(List.of(topic));
			assertThat(poll(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("before restart");
		}
	}

	@Test
	void topicsAreNotCreatedOnFirstUse() {
		try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000))) {
			assertThatExceptionOfType(Exception.class)
				.isThrownBy(() -> producer.send(new ProducerRecord<>("undeclared-" + UUID.randomUUID(), "v")).get());
		}
	}

	private String createTopic() throws Exception {
		String topic = "test-" + UUID.randomUUID();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get();
		}
		return topic;
	}

	private KafkaProducer<String, String> producer(Map<String, Object> extra) {
		Map<String, Object> config = new HashMap<>(extra);
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
		return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
	}

	private KafkaConsumer<String, String> consumer(IsolationLevel isolation) {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, "group-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString()), new StringDeserializer(),
				new StringDeserializer());
	}

	private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, int expected) {
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			return records.size() >= expected;
		});
		return records;
	}

}

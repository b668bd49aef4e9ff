package nl.tijdig.api.console.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.api.console.ConsoleTestSettings;
import nl.tijdig.api.console.TestCampaigns;
import nl.tijdig.events.EventSerde;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.ConsoleClient;
import nl.tijdig.infrastructure.Infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard tells how far each configured consumer group is behind, as the real
 * broker reports it. The test's own group works on {@code tijdig.reminders}, which no
 * consumer of this service reads, so nothing but the test moves its offsets.
 */
@ReminderApiIntegrationTest
class ConsumerLagIntegrationTests {

	private static final String GROUP = ConsoleTestSettings.LAG_TEST_GROUP;

	private static final TopicPartition PARTITION = new TopicPartition(Topics.REMINDERS, 0);

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	private Admin admin;

	@BeforeEach
	void connect() {
		this.admin = Admin.create(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers()));
	}

	@AfterEach
	void disconnect() {
		this.admin.close();
	}

	@Test
	void reportsTheLagOfEachConfiguredGroupUntilItCommitsTheEndOffset() throws Exception {
		produceReminders(7);
		long end = this.admin.listOffsets(Map.of(PARTITION, OffsetSpec.latest()))
			.partitionResult(PARTITION)
			.get()
			.offset();
		commit(end - 7);
		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		UUID campaign = draft(operator);

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			JsonNode consumers = numbers(operator, campaign).get("consumers");
			assertThat(consumers.get("known").asBoolean()).isTrue();
			List<String> groups = new ArrayList<>();
			consumers.get("groups").forEach((group) -> groups.add(group.get("group").asString()));
			assertThat(groups).as("the configured groups only, in their order")
				.containsExactly("tijdig-scheduler", "tijdig-notifier", "tijdig-reminder-api", GROUP);
			JsonNode test = group(consumers, GROUP);
			assertThat(test.get("members").asInt()).as("nobody consumes in the test's group").isZero();
			assertThat(test.get("topics").size()).isOne();
			assertThat(test.get("topics").get(0).get("topic").asString()).isEqualTo(Topics.REMINDERS);
			assertThat(test.get("topics").get(0).get("lag").asLong()).isEqualTo(7);
			assertThat(group(consumers, "tijdig-reminder-api").get("members").asInt())
				.as("this service's listener is in its group")
				.isPositive();
		});
		String dashboard = operator.get("/admin/campaigns/" + campaign).body();
		assertThat(dashboard).as("the row as rendered without script: group, topic, lag, members")
			.containsPattern(
					"<th scope=\"row\">" + GROUP + "</th>\\s*<td>tijdig.reminders</td>\\s*<td>7</td>\\s*<td>0</td>");

		commit(end);

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			JsonNode test = group(numbers(operator, campaign).get("consumers"), GROUP);
			assertThat(test.get("topics").get(0).get("lag").asLong()).isZero();
		});
	}

	private static JsonNode group(JsonNode consumers, String name) {
		for (JsonNode group : consumers.get("groups")) {
			if (group.get("group").asString().equals(name)) {
				return group;
			}
		}
		throw new AssertionError("no group " + name + " in " + consumers);
	}

	private void produceReminders(int count) throws Exception {
		Map<String, Object> config = new HashMap<>(EventSerde.producerConfig());
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers());
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config)) {
			for (int i = 0; i < count; i++) {
				UUID subscriber = UUID.randomUUID();
				ReminderRequested reminder = ReminderRequested.of(subscriber, UUID.randomUUID(),
						MessageKind.WAVE_REMINDER, "lag-test:" + subscriber, "3h", Instant.now());
				// Into one partition, so that one committed offset covers them all.
				producer
					.send(new ProducerRecord<>(Topics.REMINDERS, PARTITION.partition(), subscriber.toString(),
							reminder))
					.get();
			}
		}
	}

	private void commit(long offset) throws Exception {
		this.admin.alterConsumerGroupOffsets(GROUP, Map.of(PARTITION, new OffsetAndMetadata(offset))).all().get();
	}

	private UUID draft(ConsoleClient operator) {
		operator.get("/admin/campaigns/new");
		String location = operator.post("/admin/campaigns", TestCampaigns.form(TestCampaigns.slug("lag")))
			.headers()
			.firstValue("Location")
			.orElseThrow();
		return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
	}

	private JsonNode numbers(ConsoleClient operator, UUID campaign) {
		var response = operator.get("/admin/campaigns/" + campaign + "/numbers");
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}

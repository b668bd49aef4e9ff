package nl.tijdig.api.console.dashboard;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.mapping.DefaultJacksonJavaTypeMapper;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.events.EventTypes;
import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.WaveProgressed;
import nl.tijdig.testinfra.ConsoleClient;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.testinfra.TopicWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter page on the real Kafka: what a dead letter shows (never its value), and
 * a replay that the console's own consumer then processes, once however often an operator
 * clicks.
 */
@ReminderApiIntegrationTest
class ConsoleDeadLettersIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String SUBSCRIBER_DEAD_LETTERS = Topics.deadLetterOf(Topics.SUBSCRIBERS);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private TopicWriter topics;

	@BeforeEach
	void startProducer() {
		this.topics = new TopicWriter();
	}

	@AfterEach
	void stopProducer() {
		this.topics.close();
	}

	@Test
	void aViewerSeesWhyARecordWasDeadLetteredButNotWhatItCarried() {
		String key = UUID.randomUUID().toString();
		String address = "anne-" + key + "@example.org";
		ProducerRecord<String, Object> unreadable = new ProducerRecord<>(Topics.SUBSCRIBERS, key,
				("{\"email\":\"" + address + "\", not json").getBytes(StandardCharsets.UTF_8));
		unreadable.headers()
			.add(DefaultJacksonJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME,
					EventTypes.nameOf(SubscriptionChanged.class).getBytes(StandardCharsets.UTF_8));
		send(unreadable);
		ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");

		await().atMost(PATIENCE).untilAsserted(() -> {
			HttpResponse<String> page = viewer.get("/admin/dead-letters");
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains(SUBSCRIBER_DEAD_LETTERS, key, DeserializationException.class.getName(),
					EventTypes.nameOf(SubscriptionChanged.class));
		});
		String page = viewer.get("/admin/dead-letters").body();
		assertThat(page).doesNotContain(address).doesNotContain("/replay\"");
	}

	@Test
	void aReplayedDeadLetterIsProcessedAndASecondReplaySendsNothing() {
		UUID subscriber = UUID.randomUUID();
		String key = subscriber.toString();
		// What the error handler used to make of a valid event while the database was
		// away.
		RecordMetadata deadLetter = send(deadLetter(Topics.SUBSCRIBERS, key,
				SubscriptionChanged.of(subscriber, UUID.randomUUID(), key + "@example.org", Language.EN,
						SubscriptionStatus.PENDING, Change.SIGNED_UP, null, Instant.now())));
		String replay = "/admin/dead-letters/" + SUBSCRIBER_DEAD_LETTERS + "/" + deadLetter.partition() + "/"
				+ deadLetter.offset() + "/replay";
		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		assertThat(operator.get("/admin/dead-letters?lang=en").body()).contains(key).contains(replay);

		try (TopicReader<Object> subscribers = TopicReader.events(Topics.SUBSCRIBERS)) {
			HttpResponse<String> first = operator.post(replay, Map.of());
			assertThat(first.statusCode()).isEqualTo(302);
			await().atMost(PATIENCE).until(() -> counted(subscriber));

			assertThat(operator.get("/admin/dead-letters").body()).doesNotContain(replay);
			HttpResponse<String> second = operator.post(replay, Map.of());
			assertThat(second.statusCode()).isEqualTo(302);
			assertThat(operator.get("/admin/dead-letters").body()).contains("replayed before");
			await().pollInSameThread()
				.during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(30))
				.until(() -> subscribers.withKey(key).size() == 1);
			assertThat(subscribers.withKey(key).get(0).headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_FQCN)).isNull();
		}
	}

	@Test
	void replayingATopicSendsEachOfItsDeadLettersOnce() {
		UUID campaign = UUID.randomUUID();
		send(deadLetter(Topics.WAVES, campaign.toString(),
				WaveProgressed.of(campaign, "7d", WaveProgressed.Phase.STARTED, 0, Instant.now())));
		send(deadLetter(Topics.WAVES, campaign.toString(),
				WaveProgressed.of(campaign, "3d", WaveProgressed.Phase.STARTED, 0, Instant.now())));
		String replayAll = "/admin/dead-letters/" + Topics.deadLetterOf(Topics.WAVES) + "/replay";
		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		operator.get("/admin/dead-letters?lang=en");

		assertThat(operator.post(replayAll, Map.of()).statusCode()).isEqualTo(302);
		assertThat(operator.get("/admin/dead-letters").body()).containsPattern("\\d+ records? (were|was) replayed\\.");
		await().atMost(PATIENCE).until(() -> waves(campaign) == 2);
		assertThat(operator.post(replayAll, Map.of()).statusCode()).isEqualTo(302);
		assertThat(operator.get("/admin/dead-letters").body()).contains("No records were replayed.");
	}

	@Test
	void refusesBadReplaysAndChangesNothing() {
		RecordMetadata deadLetter = send(deadLetter(Topics.WAVES, UUID.randomUUID().toString(),
				WaveProgressed.of(UUID.randomUUID(), "1d", WaveProgressed.Phase.STARTED, 0, Instant.now())));
		String topic = Topics.deadLetterOf(Topics.WAVES);
		String valid = "/admin/dead-letters/" + topic + "/" + deadLetter.partition() + "/" + deadLetter.offset()
				+ "/replay";
		long replays = replays();
		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		operator.get("/admin/dead-letters");

		// A topic that is no dead-letter topic, or none at all.
		assertThat(operator.post("/admin/dead-letters/tijdig.nothing-dlt/0/0/replay", Map.of()).statusCode())
			.isEqualTo(404);
		assertThat(operator.post("/admin/dead-letters/" + Topics.WAVES + "/0/0/replay", Map.of()).statusCode())
			.isEqualTo(404);
		assertThat(operator.post("/admin/dead-letters/tijdig.nothing-dlt/replay", Map.of()).statusCode())
			.isEqualTo(404);
		// Offsets and partitions that are no numbers, or point at nothing.
		assertThat(operator.post("/admin/dead-letters/" + topic + "/0/latest/replay", Map.of()).statusCode())
			.isEqualTo(400);
		assertThat(operator.post("/admin/dead-letters/" + topic + "/x/0/replay", Map.of()).statusCode()).isEqualTo(400);
		assertThat(operator.post("/admin/dead-letters/" + topic + "/0/999999999/replay", Map.of()).statusCode())
			.isEqualTo(404);
		assertThat(operator.post("/admin/dead-letters/" + topic + "/99/0/replay", Map.of()).statusCode())
			.isEqualTo(404);
		assertThat(operator.post("/admin/dead-letters/" + topic + "/0/-1/replay", Map.of()).statusCode())
			.isEqualTo(404);
		// A real dead letter, but without the session's CSRF token, or by a viewer.
		assertThat(operator.postWithoutToken(valid, Map.of()).statusCode()).isEqualTo(403);
		ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
		viewer.get("/admin/dead-letters");
		assertThat(viewer.post(valid, Map.of()).statusCode()).isEqualTo(403);
		assertThat(viewer.post("/admin/dead-letters/" + topic + "/replay", Map.of()).statusCode()).isEqualTo(403);

		assertThat(replays()).isEqualTo(replays);
	}

	private static ProducerRecord<String, Object> deadLetter(String original, String key, Object event) {
		ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.deadLetterOf(original), key, event);
		record.headers()
			.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, original.getBytes(StandardCharsets.UTF_8))
			.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(0).array())
			.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(42).array())
			.add(KafkaHeaders.DLT_EXCEPTION_FQCN,
					CannotCreateTransactionException.class.getName().getBytes(StandardCharsets.UTF_8))
			.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE,
					"Could not open JDBC Connection for transaction".getBytes(StandardCharsets.UTF_8));
		return record;
	}

	private boolean counted(UUID subscriber) {
		return this.jdbc.sql("SELECT count(*) FROM console_subscriber WHERE subscriber_id = ?")
			.param(subscriber)
			.query(Long.class)
			.single() == 1;
	}

	private long waves(UUID campaign) {
		return this.jdbc.sql("SELECT count(*) FROM console_wave WHERE campaign_id = ?")
			.param(campaign)
			.query(Long.class)
			.single();
	}

	private long replays() {
		return this.jdbc.sql("SELECT count(*) FROM dead_letter_replay").query(Long.class).single();
	}

	private RecordMetadata send(ProducerRecord<String, Object> record) {
		return this.topics.send(record);
	}

}

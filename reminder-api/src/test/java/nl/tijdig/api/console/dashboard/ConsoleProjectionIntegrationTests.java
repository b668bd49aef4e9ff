package nl.tijdig.api.console.dashboard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.api.console.TestCampaigns;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.EventSerde;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.WaveProgressed;
import nl.tijdig.testinfra.ConsoleClient;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.testinfra.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's numbers come from the three services' events on the real Kafka: each
 * event counts once however often it arrives, also twice in one batch, an erasure counts
 * for the campaign of the subscriber it names, and a delivery that cannot be counted goes
 * to the dead-letter topic without holding back the others.
 */
@ReminderApiIntegrationTest
class ConsoleProjectionIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	private KafkaProducer<String, Object> producer;

	@BeforeEach
	void startProducer() {
		Map<String, Object> config = new HashMap<>(EventSerde.producerConfig());
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers());
		this.producer = new KafkaProducer<>(config);
	}

	@AfterEach
	void stopProducer() {
		this.producer.close();
	}

	@Test
	void countsEachStepOfTheFunnelOnceAndErasuresForTheirCampaign() {
		UUID campaign = publishedCampaign();
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		SubscriptionChanged signedUp = change(first, campaign, SubscriptionStatus.PENDING, Change.SIGNED_UP);
		send(Topics.SUBSCRIBERS, first, signedUp);
		send(Topics.SUBSCRIBERS, first, signedUp);
		send(Topics.SUBSCRIBERS, first,
				change(first, campaign, SubscriptionStatus.PENDING, Change.CONFIRMATION_REQUESTED));
		send(Topics.SUBSCRIBERS, first, change(first, campaign, SubscriptionStatus.CONFIRMED, Change.CONFIRMED));
		send(Topics.SUBSCRIBERS, first, change(first, campaign, SubscriptionStatus.DONE, Change.SWITCHED_OFF));
		send(Topics.SUBSCRIBERS, second, change(second, campaign, SubscriptionStatus.PENDING, Change.SIGNED_UP));
		send(Topics.SUBSCRIBERS, second, change(second, campaign, SubscriptionStatus.CONFIRMED, Change.CONFIRMED));
		send(Topics.SUBSCRIBERS, second,
				change(second, campaign, SubscriptionStatus.UNSUBSCRIBED, Change.UNSUBSCRIBED));
		send(Topics.SUBSCRIBERS, second, null);
		send(Topics.SUBSCRIBERS, second, null);

		ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			JsonNode funnel = numbers(viewer, campaign).get("funnel");
			assertThat(funnel.get("signedUp").asLong()).isEqualTo(2);
			assertThat(funnel.get("confirmed").asLong()).isEqualTo(2);
			assertThat(funnel.get("switchedOff").asLong()).isEqualTo(1);
			assertThat(funnel.get("unsubscribed").asLong()).isEqualTo(1);
			assertThat(funnel.get("erased").asLong()).isEqualTo(1);
		});
		JsonNode timeline = numbers(viewer, campaign).get("timeline");
		JsonNode signedUpOverTime = timeline.get("totals").get("signedUp");
		assertThat(timeline.get("times").size()).isEqualTo(signedUpOverTime.size()).isGreaterThanOrEqualTo(2);
		assertThat(signedUpOverTime.get(0).asLong()).as("from zero").isZero();
		assertThat(signedUpOverTime.get(signedUpOverTime.size() - 1).asLong()).as("to the total").isEqualTo(2);
	}

	@Test
	void countsASubscribersWholeStoryInOneBatchAndDeadLettersAChangeThatBreaksTheContract() {
		UUID campaign = publishedCampaign();
		UUID subscriber = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		SubscriptionChanged signedUp = change(subscriber, campaign, SubscriptionStatus.PENDING, Change.SIGNED_UP);
		// Tried: a change whose key names another subscriber than its body.
		SubscriptionChanged mismatched = change(other, campaign, SubscriptionStatus.PENDING, Change.SIGNED_UP);
		try (TopicReader<byte[]> deadLetters = TopicReader.raw(Topics.deadLetterOf(Topics.SUBSCRIBERS))) {
			inOneBatch(List.of(subscription(subscriber, signedUp), subscription(subscriber, signedUp),
					subscription(subscriber,
							change(subscriber, campaign, SubscriptionStatus.CONFIRMED, Change.CONFIRMED)),
					subscription(subscriber, null), subscription(subscriber, null),
					subscription(subscriber, mismatched),
					subscription(other, change(other, campaign, SubscriptionStatus.PENDING, Change.SIGNED_UP))));

			ConsumerRecord<String, byte[]> dead = deadLetters
				.await((record) -> subscriber.toString().equals(record.key()));
			assertThat(new String(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(),
					StandardCharsets.UTF_8))
				.contains("Key does not match subscriberId");
			ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				JsonNode funnel = numbers(viewer, campaign).get("funnel");
				assertThat(funnel.get("signedUp").asLong()).as("the one sent twice, and the other's").isEqualTo(2);
				assertThat(funnel.get("confirmed").asLong()).isEqualTo(1);
				assertThat(funnel.get("erased").asLong()).as("the tombstone sent twice").isEqualTo(1);
			});
			assertThat(deadLetters.withKey(subscriber.toString())).as("only the mismatched one").hasSize(1);
		}
	}

	@Test
	void showsEachWavesProgressAndTheOutcomesOfItsMessages() {
		UUID campaign = publishedCampaign();
		WaveProgressed started = WaveProgressed.of(campaign, "14d", WaveProgressed.Phase.STARTED, 0, Instant.now());
		send(Topics.WAVES, campaign, started);
		send(Topics.WAVES, campaign,
				WaveProgressed.of(campaign, "14d", WaveProgressed.Phase.FANNED_OUT, 4, Instant.now()));
		send(Topics.WAVES, campaign,
				WaveProgressed.of(campaign, "14d", WaveProgressed.Phase.FINISHED, 4, Instant.now()));
		DeliveryRecorded sent = delivery(campaign, MessageKind.WAVE_REMINDER, "14d", DeliveryOutcome.SENT);
		send(Topics.DELIVERIES, sent.subscriberId(), sent);
		send(Topics.DELIVERIES, sent.subscriberId(), sent);
		DeliveryRecorded failed = delivery(campaign, MessageKind.WAVE_REMINDER, "14d", DeliveryOutcome.FAILED);
		send(Topics.DELIVERIES, failed.subscriberId(), failed);
		DeliveryRecorded inDoubt = delivery(campaign, MessageKind.WAVE_REMINDER, "14d", DeliveryOutcome.IN_DOUBT);
		send(Topics.DELIVERIES, inDoubt.subscriberId(), inDoubt);
		DeliveryRecorded welcome = delivery(campaign, MessageKind.WELCOME, null, DeliveryOutcome.SENT);
		send(Topics.DELIVERIES, welcome.subscriberId(), welcome);

		ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			JsonNode numbers = numbers(viewer, campaign);
			JsonNode wave = numbers.get("waves").get(0);
			assertThat(wave.get("key").asString()).isEqualTo("14d");
			assertThat(wave.get("startedAt").isNull()).isFalse();
			assertThat(wave.get("finishedAt").isNull()).isFalse();
			assertThat(wave.get("fannedOut").asLong()).isEqualTo(4);
			assertThat(wave.get("sent").asLong()).isEqualTo(1);
			assertThat(wave.get("failed").asLong()).isEqualTo(1);
			assertThat(wave.get("inDoubt").asLong()).isEqualTo(1);
			assertThat(wave.get("pending").asLong()).isEqualTo(1);
			assertThat(numbers.get("deliveries").get("WELCOME").get("SENT").asLong()).isEqualTo(1);
			assertThat(numbers.get("deliveries").get("WAVE_REMINDER").get("SENT").asLong()).isEqualTo(1);
			JsonNode pacing = numbers.get("pacing");
			assertThat(pacing.get("sentPerMinute").asDouble()).as("2 sent in 5 minutes").isEqualTo(0.4);
			assertThat(pacing.get("pending").asLong()).isEqualTo(1);
			assertThat(pacing.get("late").asBoolean()).as("a minute of sending, weeks before the deadline").isFalse();
		});
		assertThat(viewer.get("/admin/campaigns/" + campaign).body()).contains("data-number=\"waves.14d.fannedOut\"");
	}

	@Test
	void warnsWhenTheSendRateWillNotReachEveryoneBeforeTheDeadline() {
		Map<String, String> form = TestCampaigns.form(TestCampaigns.slug("late"));
		form.put("deadline",
				LocalDateTime.now(ZoneId.of("Europe/Amsterdam"))
					.plusMinutes(5)
					.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")));
		form.put("waves", "2m");
		UUID campaign = publishedCampaign(form);
		Instant started = Instant.now().minus(Duration.ofMinutes(3));
		send(Topics.WAVES, campaign, WaveProgressed.of(campaign, "2m", WaveProgressed.Phase.STARTED, 0, started));
		send(Topics.WAVES, campaign, WaveProgressed.of(campaign, "2m", WaveProgressed.Phase.FANNED_OUT, 1000, started));
		DeliveryRecorded sent = delivery(campaign, MessageKind.DEADLINE_DAY, "2m", DeliveryOutcome.SENT);
		send(Topics.DELIVERIES, sent.subscriberId(), sent);

		ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			JsonNode pacing = numbers(viewer, campaign).get("pacing");
			assertThat(pacing.get("pending").asLong()).isEqualTo(999);
			assertThat(pacing.get("late").asBoolean()).isTrue();
		});
		assertThat(viewer.get("/admin/campaigns/" + campaign).body())
			.contains("<p id=\"pacing-late\" class=\"warning\">");
	}

	@Test
	void countsAnEventTwiceInOneBatchAndARedeliveryOfACountedOneOnce() {
		UUID campaign = publishedCampaign();
		UUID subscriber = UUID.randomUUID();
		DeliveryRecorded counted = delivery(campaign, subscriber, MessageKind.WAVE_REMINDER, "14d",
				DeliveryOutcome.SENT);
		send(Topics.DELIVERIES, subscriber, counted);
		ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(
					() -> assertThat(deliveries(viewer, campaign, MessageKind.WAVE_REMINDER, DeliveryOutcome.SENT))
						.isEqualTo(1));

		DeliveryRecorded twice = delivery(campaign, subscriber, MessageKind.WELCOME, null, DeliveryOutcome.SENT);
		DeliveryRecorded last = delivery(campaign, subscriber, MessageKind.GOODBYE, null, DeliveryOutcome.FAILED);
		inOneBatch(List.of(record(subscriber, twice), record(subscriber, counted), record(subscriber, twice),
				record(subscriber, last)));

		// One partition: once the last one is counted, so is every one before it.
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(deliveries(viewer, campaign, MessageKind.GOODBYE, DeliveryOutcome.FAILED))
				.isEqualTo(1));
		JsonNode numbers = numbers(viewer, campaign);
		assertThat(numbers.get("deliveries").get("WELCOME").get("SENT").asLong()).isEqualTo(1);
		assertThat(numbers.get("deliveries").get("WAVE_REMINDER").get("SENT").asLong()).isEqualTo(1);
		assertThat(numbers.get("pacing").get("sentPerMinute").asDouble()).as("2 sent in 5 minutes").isEqualTo(0.4);
	}

	@Test
	void anUnreadableDeliveryInABatchGoesToTheDeadLetterTopicAndTheOthersAreCounted() {
		UUID campaign = publishedCampaign();
		UUID subscriber = UUID.randomUUID();
		byte[] unreadable = "{\"id\": not json".getBytes(StandardCharsets.UTF_8);
		try (TopicReader<byte[]> deadLetters = TopicReader.raw(Topics.deadLetterOf(Topics.DELIVERIES))) {
			ProducerRecord<String, Object> malformed = record(subscriber, unreadable);
			malformed.headers()
				.add(new RecordHeader("__TypeId__", "nl.tijdig.delivery.recorded".getBytes(StandardCharsets.UTF_8)));
			inOneBatch(List.of(
					record(subscriber,
							delivery(campaign, subscriber, MessageKind.CONFIRMATION, null, DeliveryOutcome.SENT)),
					record(subscriber, delivery(campaign, subscriber, MessageKind.WELCOME, null, DeliveryOutcome.SENT)),
					malformed,
					record(subscriber,
							delivery(campaign, subscriber, MessageKind.WAVE_REMINDER, "14d", DeliveryOutcome.FAILED)),
					record(subscriber,
							delivery(campaign, subscriber, MessageKind.WAVE_REMINDER, "14d", DeliveryOutcome.SENT))));

			ConsumerRecord<String, byte[]> dead = deadLetters
				.await((record) -> subscriber.toString().equals(record.key()));
			assertThat(dead.value()).isEqualTo(unreadable);
			assertThat(new String(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN).value(),
					StandardCharsets.UTF_8))
				.isEqualTo(DeserializationException.class.getName());
			ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				JsonNode deliveries = numbers(viewer, campaign).get("deliveries");
				assertThat(deliveries.get("CONFIRMATION").get("SENT").asLong()).isEqualTo(1);
				assertThat(deliveries.get("WELCOME").get("SENT").asLong()).isEqualTo(1);
				assertThat(deliveries.get("WAVE_REMINDER").get("FAILED").asLong()).isEqualTo(1);
				assertThat(deliveries.get("WAVE_REMINDER").get("SENT").asLong()).isEqualTo(1);
			});
			assertThat(deadLetters.withKey(subscriber.toString())).as("only the unreadable one").hasSize(1);
		}
	}

	@Test
	void aDeliveryWithoutItsCampaignGoesToTheDeadLetterTopicWithTheReason() {
		UUID campaign = publishedCampaign();
		UUID subscriber = UUID.randomUUID();
		try (TopicReader<byte[]> deadLetters = TopicReader.raw(Topics.deadLetterOf(Topics.DELIVERIES))) {
			DeliveryRecorded withoutCampaign = delivery(null, subscriber, MessageKind.WELCOME, null,
					DeliveryOutcome.SENT);
			send(Topics.DELIVERIES, subscriber, withoutCampaign);
			send(Topics.DELIVERIES, subscriber,
					delivery(campaign, subscriber, MessageKind.WELCOME, null, DeliveryOutcome.SENT));

			ConsumerRecord<String, byte[]> dead = deadLetters
				.await((record) -> subscriber.toString().equals(record.key()));
			assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains(withoutCampaign.id().toString());
			assertThat(new String(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN).value(),
					StandardCharsets.UTF_8))
				.isEqualTo(InvalidEventException.class.getName());
			assertThat(new String(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(),
					StandardCharsets.UTF_8))
				.contains("campaignId");
			ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(deliveries(viewer, campaign, MessageKind.WELCOME, DeliveryOutcome.SENT))
					.isEqualTo(1));
		}
	}

	private UUID publishedCampaign() {
		return publishedCampaign(TestCampaigns.form(TestCampaigns.slug("numbers")));
	}

	private UUID publishedCampaign(Map<String, String> form) {
		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		operator.get("/admin/campaigns/new");
		String location = operator.post("/admin/campaigns", form).headers().firstValue("Location").orElseThrow();
		UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
		operator.get("/admin/campaigns/" + id);
		assertThat(operator.post("/admin/campaigns/" + id + "/publish", Map.of()).statusCode()).isEqualTo(302);
		return id;
	}

	private JsonNode numbers(ConsoleClient viewer, UUID campaign) {
		var response = viewer.get("/admin/campaigns/" + campaign + "/numbers");
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private long deliveries(ConsoleClient viewer, UUID campaign, MessageKind kind, DeliveryOutcome outcome) {
		return numbers(viewer, campaign).get("deliveries").get(kind.name()).get(outcome.name()).asLong();
	}

	/**
	 * Sends the records as one producer batch: the broker appends it whole, so the
	 * listener finds the records in one poll, as one batch of its own.
	 */
	private void inOneBatch(List<ProducerRecord<String, Object>> records) {
		Map<String, Object> config = new HashMap<>(EventSerde.producerConfig());
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers());
		// Held back until the flush, which sends them together.
		config.put(ProducerConfig.LINGER_MS_CONFIG, 60_000);
		try (KafkaProducer<String, Object> batching = new KafkaProducer<>(config)) {
			List<Future<RecordMetadata>> sent = records.stream().map(batching::send).toList();
			batching.flush();
			for (Future<RecordMetadata> each : sent) {
				each.get();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void send(String topic, UUID key, Object event) {
		try {
			this.producer.send(new ProducerRecord<>(topic, key.toString(), event)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ProducerRecord<String, Object> subscription(UUID subscriber, SubscriptionChanged change) {
		return new ProducerRecord<>(Topics.SUBSCRIBERS, subscriber.toString(), change);
	}

	private static ProducerRecord<String, Object> record(UUID subscriber, Object delivery) {
		return new ProducerRecord<>(Topics.DELIVERIES, subscriber.toString(), delivery);
	}

	private static SubscriptionChanged change(UUID subscriber, UUID campaign, SubscriptionStatus status,
			Change change) {
		return SubscriptionChanged.of(subscriber, campaign, subscriber + "@example.org", Language.EN, status, change,
				(status == SubscriptionStatus.PENDING) ? null : Instant.now(), Instant.now());
	}

	private static DeliveryRecorded delivery(UUID campaign, MessageKind kind, String wave, DeliveryOutcome outcome) {
		return delivery(campaign, UUID.randomUUID(), kind, wave, outcome);
	}

	private static DeliveryRecorded delivery(UUID campaign, UUID subscriber, MessageKind kind, String wave,
			DeliveryOutcome outcome) {
		return DeliveryRecorded.of(subscriber, campaign, kind, kind + ":" + subscriber, wave, outcome,
				(outcome == DeliveryOutcome.SENT) ? null : "test", Instant.now());
	}

}

package nl.tijdig.api.console.dashboard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.mapping.DefaultJacksonJavaTypeMapper;
import org.springframework.kafka.support.serializer.DeserializationException;

import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.EventTypes;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.testinfra.TopicWriter;
import nl.tijdig.testinfra.WithInfrastructure;

import static nl.tijdig.api.console.ConsoleTestSettings.CONFIG_NAME;
import static nl.tijdig.api.console.ConsoleTestSettings.NO_SIGNUP_LIMITS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract's error handler under the console's subscriber listener: a valid event
 * waits for a database that is away, however long, with the service's health DOWN
 * meanwhile, and is counted once it is back; a malformed one still goes to the
 * dead-letter topic at once. The retry window for failures of no known kind is shrunk to
 * two seconds here, the outage lasts four times as long. A consumer group of its own, so
 * that this context reads every record itself.
 */
@SpringBootTest(properties = { CONFIG_NAME, NO_SIGNUP_LIMITS,
		"spring.kafka.consumer.group-id=" + ConsumerOutageIntegrationTests.GROUP,
		"tijdig.consumer.initial-backoff=100ms", "tijdig.consumer.max-backoff=500ms",
		"tijdig.consumer.max-retry-time=2s", "spring.datasource.hikari.connection-timeout=500" })
@WithInfrastructure
class ConsumerOutageIntegrationTests {

	static final String GROUP = "tijdig-reminder-api-outage-test";

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final Duration OUTAGE = Duration.ofSeconds(8);

	@Autowired
	JdbcClient jdbc;

	@Autowired
	@Qualifier("eventConsumersHealthIndicator")
	HealthIndicator consumers;

	@Autowired
	MeterRegistry meters;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	private TopicWriter topics;

	private TopicReader<byte[]> deadLetters;

	@BeforeEach
	void connect() {
		this.topics = new TopicWriter();
		this.deadLetters = TopicReader.raw(Topics.deadLetterOf(Topics.SUBSCRIBERS));
		// The console's listeners share one group: one that joins late rebalances the
		// others, which these tests would then measure instead of the outage.
		await().atMost(PATIENCE)
			.until(() -> this.listeners.getListenerContainers()
				.stream()
				.filter((container) -> GROUP.equals(container.getGroupId()))
				.allMatch((container) -> !container.getAssignedPartitions().isEmpty()));
	}

	@AfterEach
	void disconnect() {
		this.deadLetters.close();
		this.topics.close();
	}

	/**
	 * Subscriber events and deliveries come to batch listeners: a batch that fails as a
	 * whole for want of the database names its first record, and is held like one.
	 */
	@Test
	void validEventsWaitForTheDatabaseLongerThanTheRetryWindowAndAreCountedOnceItIsBack() {
		UUID campaign = UUID.randomUUID();
		// The listeners are caught up and working before the database goes.
		UUID before = UUID.randomUUID();
		send(before, signedUp(before, campaign));
		await().atMost(PATIENCE).until(() -> counted(before));

		UUID subscriber = UUID.randomUUID();
		String key = subscriber.toString();
		try (TopicReader<byte[]> deadDeliveries = TopicReader.raw(Topics.deadLetterOf(Topics.DELIVERIES));
				DatabaseOutage outage = DatabaseOutage.begin()) {
			send(subscriber, signedUp(subscriber, campaign));
			this.topics.send(Topics.DELIVERIES, key, DeliveryRecorded.of(subscriber, campaign, MessageKind.WELCOME,
					"welcome", null, DeliveryOutcome.SENT, null, Instant.now()));
			await().atMost(PATIENCE).untilAsserted(() -> {
				Health health = this.consumers.health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails().get("held")).asInstanceOf(InstanceOfAssertFactories.LIST)
					.anySatisfy((held) -> assertHeld(held, Topics.SUBSCRIBERS))
					.anySatisfy((held) -> assertHeld(held, Topics.DELIVERIES));
				assertThat(this.meters.get("tijdig.consumer.held.partitions").gauge().value())
					.isGreaterThanOrEqualTo(2);
			});
			await().pollInSameThread()
				.during(OUTAGE)
				.atMost(OUTAGE.plusSeconds(10))
				.until(() -> this.deadLetters.withKey(key).isEmpty() && deadDeliveries.withKey(key).isEmpty());
		}

		// The service's pool, and so this test's queries, need a moment to reconnect.
		await().atMost(PATIENCE).ignoreExceptions().until(() -> counted(subscriber));
		await().atMost(PATIENCE).ignoreExceptions().until(() -> welcomesSent(campaign) == 1);
		assertThat(this.deadLetters.withKey(key)).isEmpty();
		await().atMost(PATIENCE).until(() -> this.consumers.health().getStatus().equals(Status.UP));
	}

	private long welcomesSent(UUID campaign) {
		return this.jdbc.sql("""
				SELECT coalesce(sum(count), 0) FROM console_delivery
				WHERE campaign_id = ? AND kind = 'WELCOME' AND outcome = 'SENT'
				""").param(campaign).query(Long.class).single();
	}

	private static void assertHeld(Object held, String topic) {
		assertThat(held).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("topic", topic)
			.containsEntry("group", "tijdig-reminder-api-outage-test")
			.containsKeys("partition", "offset", "since")
			.hasEntrySatisfying("lastError",
					(error) -> assertThat(error).asString().contains("not currently accepting connections"));
	}

	@Test
	void malformedEventsGoToTheDeadLetterTopicAtOnceAndTheNextOneIsCounted() {
		UUID subscriber = UUID.randomUUID();
		String key = subscriber.toString();
		ProducerRecord<String, Object> unreadable = new ProducerRecord<>(Topics.SUBSCRIBERS, key,
				"{not json".getBytes(StandardCharsets.UTF_8));
		unreadable.headers()
			.add(DefaultJacksonJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME,
					EventTypes.nameOf(SubscriptionChanged.class).getBytes(StandardCharsets.UTF_8));
		send(unreadable);
		// Keyed by one subscriber, about another.
		send(subscriber, signedUp(UUID.randomUUID(), UUID.randomUUID()));
		send(subscriber, signedUp(subscriber, UUID.randomUUID()));

		// Well within the retry window of two seconds a failure of no known kind would
		// get.
		await().atMost(PATIENCE).until(() -> counted(subscriber));
		assertThat(this.deadLetters.withKey(key)).satisfiesExactly(
				(deadLetter) -> assertThat(stackTrace(deadLetter)).contains(DeserializationException.class.getName()),
				(deadLetter) -> assertThat(stackTrace(deadLetter)).contains(InvalidEventException.class.getName()));
	}

	private boolean counted(UUID subscriber) {
		return this.jdbc.sql("SELECT count(*) FROM console_subscriber WHERE subscriber_id = ?")
			.param(subscriber)
			.query(Long.class)
			.single() == 1;
	}

	private void send(UUID key, Object event) {
		this.topics.send(Topics.SUBSCRIBERS, key.toString(), event);
	}

	private void send(ProducerRecord<String, Object> record) {
		this.topics.send(record);
	}

	private static SubscriptionChanged signedUp(UUID subscriber, UUID campaign) {
		return SubscriptionChanged.of(subscriber, campaign, subscriber + "@example.org", Language.EN,
				SubscriptionStatus.PENDING, Change.SIGNED_UP, null, Instant.now());
	}

	private static String stackTrace(ConsumerRecord<String, byte[]> deadLetter) {
		Header header = deadLetter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_STACKTRACE);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}

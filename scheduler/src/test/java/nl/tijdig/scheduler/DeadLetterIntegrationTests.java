package nl.tijdig.scheduler;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.EventTypes;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.mapping.DefaultJacksonJavaTypeMapper;
import org.springframework.kafka.support.serializer.DeserializationException;

import nl.tijdig.testinfra.TopicWriter;

import static nl.tijdig.scheduler.TestSubscriptions.signedUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SchedulerIntegrationTest
class DeadLetterIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String DEAD_LETTERS = Topics.deadLetterOf(Topics.SUBSCRIBERS);

	private final UUID subscriberId = UUID.randomUUID();

	private final String key = this.subscriberId.toString();

	private TopicWriter writer;

	private TopicReader<byte[]> deadLetters;

	private TopicReader<Object> reminders;

	@BeforeEach
	void connect() {
		this.writer = new TopicWriter();
		this.deadLetters = TopicReader.raw(DEAD_LETTERS);
		this.reminders = TopicReader.events(Topics.REMINDERS);
	}

	@AfterEach
	void disconnect() {
		this.reminders.close();
		this.deadLetters.close();
		this.writer.close();
	}

	@Test
	void unreadableRecordIsDeadLetteredAndTheNextOneIsStillProcessed() {
		byte[] garbage = "{not json at all".getBytes(StandardCharsets.UTF_8);
		ProducerRecord<String, Object> unreadable = new ProducerRecord<>(Topics.SUBSCRIBERS, this.key, garbage);
		unreadable.headers()
			.add(DefaultJacksonJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME,
					EventTypes.nameOf(SubscriptionChanged.class).getBytes(StandardCharsets.UTF_8));
		this.writer.send(unreadable);
		// Same key, so the same partition, right behind the unreadable record.
		this.writer.send(Topics.SUBSCRIBERS, this.key, signedUp(this.subscriberId, Instant.now()));

		await().atMost(PATIENCE)
			.untilAsserted(
					() -> assertThat(this.deadLetters.withKey(this.key)).singleElement().satisfies((deadLetter) -> {
						assertThat(deadLetter.value()).isEqualTo(garbage);
						assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_STACKTRACE))
							.contains(DeserializationException.class.getName());
						assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.SUBSCRIBERS);
					}));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.reminders.valuesWithKey(this.key)).extracting("kind")
				.containsExactly(MessageKind.CONFIRMATION));
	}

	@Test
	void eventThatBreaksTheContractIsDeadLetteredWithItsReason() {
		// Keyed by one subscriber, about another: processing it would corrupt the order
		// per subscriber.
		SubscriptionChanged misKeyed = signedUp(UUID.randomUUID(), Instant.now());
		this.writer.send(Topics.SUBSCRIBERS, this.key, misKeyed);
		this.writer.send(Topics.SUBSCRIBERS, this.key, signedUp(this.subscriberId, Instant.now()));

		await().atMost(PATIENCE)
			.untilAsserted(
					() -> assertThat(this.deadLetters.withKey(this.key)).singleElement().satisfies((deadLetter) -> {
						assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
							.isEqualTo(InvalidEventException.class.getName());
						assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
							.contains(misKeyed.id().toString());
					}));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.reminders.valuesWithKey(this.key)).extracting("kind")
				.containsExactly(MessageKind.CONFIRMATION));
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}

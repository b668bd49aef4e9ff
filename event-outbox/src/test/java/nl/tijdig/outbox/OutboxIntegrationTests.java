package nl.tijdig.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.testinfra.WithInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = { "spring.flyway.locations=classpath:db/outbox", "spring.flyway.schemas=outbox_test",
		"spring.flyway.default-schema=outbox_test", "spring.datasource.hikari.schema=outbox_test" })
@WithInfrastructure
class OutboxIntegrationTests {

	@Autowired
	Outbox outbox;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcClient jdbc;

	@Test
	void relaysCommittedEventsInOrderAndDeletesThem() {
		UUID subscriber = UUID.randomUUID();
		List<SubscriptionChanged> events = List.of(changed(subscriber, SubscriptionStatus.PENDING),
				changed(subscriber, SubscriptionStatus.CONFIRMED), changed(subscriber, SubscriptionStatus.DONE));
		this.transactions.executeWithoutResult((tx) -> events
			.forEach((event) -> this.outbox.append(Topics.SUBSCRIBERS, subscriber.toString(), event)));
		this.transactions
			.executeWithoutResult((tx) -> this.outbox.appendTombstone(Topics.SUBSCRIBERS, subscriber.toString()));

		List<ConsumerRecord<String, Object>> received = readAll(subscriber.toString(), 4);

		assertThat(received).extracting(ConsumerRecord::value)
			.containsExactly(events.get(0), events.get(1), events.get(2), null);
		await().untilAsserted(() -> assertThat(pendingRows(subscriber)).isZero());
	}

	@Test
	void appendsManyEventsInOneStatementInTheirOrder() {
		UUID subscriber = UUID.randomUUID();
		List<SubscriptionChanged> events = List.of(changed(subscriber, SubscriptionStatus.PENDING),
				changed(subscriber, SubscriptionStatus.CONFIRMED), changed(subscriber, SubscriptionStatus.DONE));
		this.transactions.executeWithoutResult((tx) -> this.outbox.appendAll(Topics.SUBSCRIBERS,
				events.stream().map((event) -> new Outbox.Keyed(subscriber.toString(), event)).toList()));

		List<ConsumerRecord<String, Object>> received = readAll(subscriber.toString(), 3);

		assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(events);
	}

	@Test
	void relaysNothingThatWasRolledBack() {
		UUID rolledBack = UUID.randomUUID();
		UUID committed = UUID.randomUUID();
		this.transactions.executeWithoutResult((tx) -> {
			this.outbox.append(Topics.SUBSCRIBERS, rolledBack.toString(),
					changed(rolledBack, SubscriptionStatus.PENDING));
			tx.setRollbackOnly();
		});
		this.transactions.executeWithoutResult((tx) -> this.outbox.append(Topics.SUBSCRIBERS, committed.toString(),
				changed(committed, SubscriptionStatus.PENDING)));

		// Both went to the same topic in this order, so once the second is there the
		// first would have been too.
		List<ConsumerRecord<String, Object>> received = readAll(committed.toString(), 1);
		assertThat(received).hasSize(1);
		assertThat(pendingRows(rolledBack)).isZero();
	}

	@Test
	void refusesToAppendOutsideATransaction() {
		UUID subscriber = UUID.randomUUID();
		assertThatExceptionOfType(IllegalTransactionStateException.class).isThrownBy(() -> this.outbox
			.append(Topics.SUBSCRIBERS, subscriber.toString(), changed(subscriber, SubscriptionStatus.PENDING)));
	}

	private long pendingRows(UUID key) {
		return this.jdbc.sql("SELECT count(*) FROM outbox_event WHERE record_key = ?")
			.param(key.toString())
			.query(Long.class)
			.single();
	}

	private static SubscriptionChanged changed(UUID subscriber, SubscriptionStatus status) {
		return SubscriptionChanged.of(subscriber, UUID.randomUUID(), "outbox@example.org", Language.EN, status,
				SubscriptionChanged.Change.SIGNED_UP, null, Instant.now());
	}

	/** Reads the topic from the start and keeps the records of one key. */
	private static List<ConsumerRecord<String, Object>> readAll(String key, int expected) {
		try (TopicReader<Object> reader = TopicReader.events(Topics.SUBSCRIBERS)) {
			return await().atMost(Duration.ofSeconds(30))
				.until(() -> reader.withKey(key), (records) -> records.size() >= expected);
		}
	}

	@SpringBootApplication
	static class OutboxTestApplication {

	}

}

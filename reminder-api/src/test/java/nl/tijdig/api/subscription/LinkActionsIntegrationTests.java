package nl.tijdig.api.subscription;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;
import nl.tijdig.testinfra.TopicReader;

import static nl.tijdig.api.ReminderApiIntegrationTest.DEMO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The links in every email, on the real PostgreSQL and Kafka: each page asks before it
 * acts, each action is idempotent, and erasure leaves a tombstone on the subscriber
 * topic.
 */
@ReminderApiIntegrationTest
class LinkActionsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LinkSigner links;

	@Autowired
	KafkaTemplate<Object, Object> kafka;

	@Test
	void unsubscribesWithTheOneClickPostOfRfc8058WithoutCookieOrCsrfToken() throws Exception {
		UUID subscriber = signUpAndConfirm("one-click");
		String token = visitor().token(LinkPurpose.UNSUBSCRIBE, subscriber);

		HttpResponse<String> response = visitor()
			.send(HttpRequest.newBuilder(visitor().uri("/unsubscribe?token=" + token))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(status(subscriber)).isEqualTo("UNSUBSCRIBED");
		assertThat(visitor()
			.send(HttpRequest.newBuilder(visitor().uri("/unsubscribe?token=" + token))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")))
			.statusCode()).as("a second click").isEqualTo(200);
		assertThat(statusesOnTheTopic(subscriber)).endsWith(SubscriptionStatus.UNSUBSCRIBED);
	}

	@Test
	void opensAPageWithAButtonAndChangesNothingUntilItIsPressed() throws Exception {
		UUID subscriber = signUpAndConfirm("scanner");

		for (String action : List.of("unsubscribe", "done", "forget")) {
			LinkPurpose purpose = LinkPurpose.valueOf(action.toUpperCase(Locale.ROOT));
			HttpResponse<String> page = visitor().send(HttpRequest
				.newBuilder(visitor().uri("/" + action + "?token=" + visitor().token(purpose, subscriber)))
				.GET());
			assertThat(page.statusCode()).as(action).isEqualTo(200);
			assertThat(page.body()).as(action).contains("<form method=\"post\"").contains("action=\"/" + action + "\"");
		}
		assertThat(status(subscriber)).isEqualTo("CONFIRMED");
	}

	@Test
	void marksTheSubscriptionDone() throws Exception {
		UUID subscriber = signUpAndConfirm("done");

		HttpResponse<String> response = visitor().follow("/done", LinkPurpose.DONE, subscriber);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(status(subscriber)).isEqualTo("DONE");
		assertThat(statusesOnTheTopic(subscriber)).endsWith(SubscriptionStatus.DONE);
		// Signed up, confirmed, done: each change one version up, whatever the clocks
		// say.
		assertThat(recordsOnTheTopic(subscriber, (seen) -> seen.size() >= 3)).extracting(ConsumerRecord::value)
			.extracting("version")
			.containsExactly(1L, 2L, 3L);
	}

	@Test
	void forgetsTheSubscriberAndLeavesATombstone() throws Exception {
		UUID subscriber = signUpAndConfirm("forget");

		HttpResponse<String> response = visitor().follow("/forget", LinkPurpose.FORGET, subscriber);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.jdbc.sql("SELECT count(*) FROM subscriber WHERE id = ?")
			.param(subscriber)
			.query(Long.class)
			.single()).isZero();
		assertThat(recordsOnTheTopic(subscriber, (records) -> records.stream().anyMatch((r) -> r.value() == null)))
			.last()
			.extracting(ConsumerRecord::value)
			.isNull();
		assertThat(visitor().follow("/forget", LinkPurpose.FORGET, subscriber).statusCode()).as("a second click")
			.isEqualTo(200);
	}

	@Test
	void aComplaintReportedByTheNotifierUnsubscribesTheComplainantOnceWithItsReason() throws Exception {
		UUID complainant = signUpAndConfirm("complaint");
		UUID other = signUpAndConfirm("complaint-other");

		this.kafka.send(Topics.DELIVERIES, complainant.toString(), complaint(complainant)).join();
		// Tried: the same report a second time, as a redelivery would bring it.
		this.kafka.send(Topics.DELIVERIES, complainant.toString(), complaint(complainant)).join();
		// Under the same key, so on the same partition after the two: once this one has
		// unsubscribed its subscriber, the two before it have been taken.
		this.kafka.send(Topics.DELIVERIES, complainant.toString(), complaint(other)).join();

		await().atMost(Duration.ofSeconds(30)).until(() -> status(other).equals("UNSUBSCRIBED"));
		assertThat(status(complainant)).isEqualTo("UNSUBSCRIBED");
		assertThat(this.jdbc.sql("SELECT unsubscribe_reason FROM subscriber WHERE id = ?")
			.param(complainant)
			.query(String.class)
			.single()).isEqualTo("complaint");
		assertThat(this.jdbc.sql("SELECT version FROM subscriber WHERE id = ?")
			.param(complainant)
			.query(Long.class)
			.single()).as("signed up, confirmed, unsubscribed once").isEqualTo(3L);
		assertThat(statusesOnTheTopic(complainant)).containsExactly(SubscriptionStatus.PENDING,
				SubscriptionStatus.CONFIRMED, SubscriptionStatus.UNSUBSCRIBED);
	}

	private DeliveryRecorded complaint(UUID subscriber) {
		UUID campaign = this.jdbc.sql("SELECT campaign_id FROM subscriber WHERE id = ?")
			.param(subscriber)
			.query(UUID.class)
			.single();
		return DeliveryRecorded.of(subscriber, campaign, MessageKind.WELCOME, "welcome", null,
				DeliveryOutcome.COMPLAINED, "complaint", Instant.now());
	}

	@Test
	void refusesATokenMeantForAnotherAction() throws Exception {
		UUID subscriber = signUpAndConfirm("purpose");

		HttpResponse<String> response = visitor().follow("/forget", LinkPurpose.UNSUBSCRIBE, subscriber);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("meant for another action");
		assertThat(status(subscriber)).isEqualTo("CONFIRMED");
	}

	@Test
	void refusesAMissingOrGarbledToken() throws Exception {
		assertThat(visitor().postToken("/done", "").statusCode()).isEqualTo(400);
		assertThat(visitor().send(HttpRequest.newBuilder(visitor().uri("/done?token=%0d%0aX")).GET()).statusCode())
			.isEqualTo(400);
		assertThat(visitor()
			.send(HttpRequest.newBuilder(visitor().uri("/unsubscribe"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")))
			.statusCode()).isEqualTo(400);
	}

	private UUID signUpAndConfirm(String prefix) throws Exception {
		String address = prefix + "-" + UUID.randomUUID() + "@example.org";
		HttpResponse<String> signUp = visitor().signUp(DEMO, address);
		assertThat(signUp.statusCode()).isEqualTo(202);
		UUID subscriber = this.jdbc.sql("SELECT id FROM subscriber WHERE email = ?")
			.param(address)
			.query(UUID.class)
			.single();
		assertThat(visitor().follow("/confirm", LinkPurpose.CONFIRM, subscriber).statusCode()).isEqualTo(200);
		return subscriber;
	}

	private String status(UUID subscriber) {
		return this.jdbc.sql("SELECT status FROM subscriber WHERE id = ?")
			.param(subscriber)
			.query(String.class)
			.single();
	}

	private List<SubscriptionStatus> statusesOnTheTopic(UUID subscriber) {
		List<ConsumerRecord<String, Object>> records = recordsOnTheTopic(subscriber,
				(seen) -> seen.size() >= 3 && seen.get(seen.size() - 1).value() instanceof SubscriptionChanged last
						&& last.status() != SubscriptionStatus.CONFIRMED);
		return records.stream()
			.map(ConsumerRecord::value)
			.map(SubscriptionChanged.class::cast)
			.map(SubscriptionChanged::status)
			.toList();
	}

	private static List<ConsumerRecord<String, Object>> recordsOnTheTopic(UUID subscriber,
			Predicate<List<ConsumerRecord<String, Object>>> enough) {
		try (TopicReader<Object> reader = TopicReader.events(Topics.SUBSCRIBERS)) {
			return await().atMost(Duration.ofSeconds(30)).until(() -> reader.withKey(subscriber.toString()), enough);
		}
	}

	private Visitor visitor() {
		return new Visitor(this.port, this.links);
	}

}

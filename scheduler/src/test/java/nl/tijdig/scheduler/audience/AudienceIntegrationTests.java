package nl.tijdig.scheduler.audience;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.Versions;
import nl.tijdig.scheduler.SchedulerIntegrationTest;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.testinfra.TopicWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static nl.tijdig.scheduler.TestSubscriptions.change;
import static nl.tijdig.scheduler.TestSubscriptions.signedUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SchedulerIntegrationTest
class AudienceIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final UUID subscriberId = UUID.randomUUID();

	private final String key = this.subscriberId.toString();

	@Autowired
	private AudienceMembers members;

	@Autowired
	private JdbcClient jdbc;

	private TopicWriter writer;

	@BeforeEach
	void connect() {
		this.writer = new TopicWriter();
	}

	@AfterEach
	void disconnect() {
		this.writer.close();
	}

	@Test
	void subscriptionIsProjectedWithoutItsAddress() {
		// Microseconds: what PostgreSQL keeps of an instant.
		Instant time = Instant.now().truncatedTo(ChronoUnit.MICROS);
		SubscriptionChanged signedUp = signedUp(this.subscriberId, time);
		this.writer.send(Topics.SUBSCRIBERS, this.key, signedUp);

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.members.find(this.subscriberId))
				.contains(new AudienceMember(this.subscriberId, signedUp.campaignId(), SubscriptionStatus.PENDING,
						Language.NL, null, time, Versions.NONE)));
		String row = this.jdbc.sql("select row_to_json(m)::text from audience_member m where subscriber_id = ?")
			.param(this.subscriberId)
			.query(String.class)
			.single();
		assertThat(row).doesNotContain(signedUp.email()).doesNotContain("@");
	}

	@Test
	void tombstoneErasesTheSubscriber() {
		this.writer.send(Topics.SUBSCRIBERS, this.key, signedUp(this.subscriberId, Instant.now()));
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.members.find(this.subscriberId)).isPresent());

		this.writer.send(Topics.SUBSCRIBERS, this.key, null);

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.members.find(this.subscriberId)).isEmpty());
	}

	@Test
	void olderVersionArrivingAfterANewerOneChangesNothing() {
		UUID campaignId = UUID.randomUUID();
		Instant now = Instant.now();
		try (TopicReader<Object> reminders = TopicReader.events(Topics.REMINDERS)) {
			this.writer.send(Topics.SUBSCRIBERS, this.key,
					change(this.subscriberId, campaignId, SubscriptionStatus.CONFIRMED, Change.CONFIRMED, now, now, 2));
			// Sent again after the confirmation, stamped by a clock five minutes ahead.
			this.writer.send(Topics.SUBSCRIBERS, this.key, change(this.subscriberId, campaignId,
					SubscriptionStatus.PENDING, Change.SIGNED_UP, null, now.plus(Duration.ofMinutes(5)), 1));
			// Processed after the stale one: the same key keeps them in order.
			this.writer.send(Topics.SUBSCRIBERS, this.key, change(this.subscriberId, campaignId,
					SubscriptionStatus.CONFIRMED, Change.CONFIRMED, now, now.plus(Duration.ofMinutes(1)), 3));

			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(reminders.valuesWithKey(this.key)).extracting("kind")
					.containsExactly(MessageKind.WELCOME, MessageKind.WELCOME));
		}
		assertThat(this.members.find(this.subscriberId))
			.hasValueSatisfying((member) -> assertThat(member.status()).isEqualTo(SubscriptionStatus.CONFIRMED));
	}

	@Test
	void unsubscribeFromAnInstanceWhoseClockIsBehindTakesEffect() {
		UUID campaignId = UUID.randomUUID();
		Instant now = Instant.now();
		this.writer.send(Topics.SUBSCRIBERS, this.key,
				change(this.subscriberId, campaignId, SubscriptionStatus.CONFIRMED, Change.CONFIRMED, now, now, 2));
		// A second reminder-api instance, its clock five minutes behind, took the click.
		this.writer.send(Topics.SUBSCRIBERS, this.key, change(this.subscriberId, campaignId,
				SubscriptionStatus.UNSUBSCRIBED, Change.UNSUBSCRIBED, now, now.minus(Duration.ofMinutes(5)), 3));

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.members.find(this.subscriberId)).hasValueSatisfying(
					(member) -> assertThat(member.status()).isEqualTo(SubscriptionStatus.UNSUBSCRIBED)));
	}

	@Test
	void changesWithoutAVersionFollowKafkasOrder() {
		UUID campaignId = UUID.randomUUID();
		Instant now = Instant.now();
		this.writer.send(Topics.SUBSCRIBERS, this.key,
				change(this.subscriberId, campaignId, SubscriptionStatus.CONFIRMED, Change.CONFIRMED, now, now));
		this.writer.send(Topics.SUBSCRIBERS, this.key, change(this.subscriberId, campaignId,
				SubscriptionStatus.UNSUBSCRIBED, Change.UNSUBSCRIBED, now, now.minus(Duration.ofMinutes(5))));

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.members.find(this.subscriberId)).hasValueSatisfying(
					(member) -> assertThat(member.status()).isEqualTo(SubscriptionStatus.UNSUBSCRIBED)));
	}

}

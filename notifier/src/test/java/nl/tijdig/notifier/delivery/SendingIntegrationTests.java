package nl.tijdig.notifier.delivery;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.TestnetCampaign;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.notifier.suppression.SuppressedAddresses;
import nl.tijdig.testinfra.Infrastructure;
import nl.tijdig.testinfra.MailpitClient;
import nl.tijdig.testinfra.MailpitClient.Chaos;
import nl.tijdig.testinfra.MailpitClient.Trigger;
import nl.tijdig.testinfra.WithInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries, refusals, leases and the connection on real Kafka, PostgreSQL and SMTP. The
 * SMTP server's chaos triggers are global: each test that sets them resets them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notifier")
@WithInfrastructure
class SendingIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	@Autowired
	private Recipients recipients;

	@Autowired
	private DeliveryLog log;

	@Autowired
	private SuppressedAddresses addresses;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private SmtpProperties smtp;

	private final MailpitClient mail = Infrastructure.shared().mail();

	private final TopicReader<Object> deliveries = TopicReader.events(Topics.DELIVERIES);

	private final UUID campaignId = UUID.randomUUID();

	private final UUID subscriberId = UUID.randomUUID();

	private final String email = "sending-" + this.subscriberId + "@example.test";

	private final Instant signedUp = Instant.now().minusSeconds(60);

	@AfterEach
	void reset() {
		this.mail.chaos(Chaos.none());
		this.deliveries.close();
	}

	@Test
	void aTransientRefusalThenSuccessGivesExactlyOneEmail() {
		publishCampaign();
		publishSubscriber(SubscriptionStatus.CONFIRMED, this.signedUp);
		this.mail.chaos(Chaos.none().withRecipient(Trigger.always(451)));
		publish(reminder("wave:14d"));

		awaitState("wave:14d", DeliveryState.RETRYING);
		this.mail.chaos(Chaos.none());

		awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		assertThat(this.mail.messagesTo(this.email)).hasSize(1);
		assertThat(deliveriesOf("wave:14d")).extracting(DeliveryRecorded::outcome)
			.containsExactly(DeliveryOutcome.SENT);
		assertThat(this.log.stateOf(this.subscriberId, "wave:14d")).contains(DeliveryState.SENT);
	}

	@Test
	void aPermanentRefusalFailsTheMessageAndSuppressesTheAddressForLaterOnes() {
		publishCampaign();
		publishSubscriber(SubscriptionStatus.CONFIRMED, this.signedUp);
		this.mail.chaos(Chaos.none().withRecipient(Trigger.always(550)));
		publish(reminder("wave:14d"));

		DeliveryRecorded failed = awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		this.mail.chaos(Chaos.none());
		assertThat(failed.outcome()).isEqualTo(DeliveryOutcome.FAILED);
		assertThat(failed.detail()).isEqualTo("recipient refused (reply 550)");
		assertThat(this.addresses.contains(this.email.toUpperCase())).isTrue();

		publish(reminder("wave:7d"));
		DeliveryRecorded suppressed = awaitDelivery((delivery) -> delivery.messageKey().equals("wave:7d"));
		assertThat(suppressed.outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
		assertThat(suppressed.detail()).isEqualTo("address suppressed");
		assertThat(this.mail.messagesTo(this.email)).isEmpty();
	}

	@Test
	void anUnsubscribeBetweenTheRequestAndTheSendSuppressesTheMessage() {
		publishCampaign();
		publishSubscriber(SubscriptionStatus.CONFIRMED, this.signedUp);
		this.mail.chaos(Chaos.none().withRecipient(Trigger.always(451)));
		publish(reminder("wave:14d"));
		awaitState("wave:14d", DeliveryState.RETRYING);

		publishSubscriber(SubscriptionStatus.UNSUBSCRIBED, this.signedUp.plusSeconds(30));
		await().atMost(PATIENCE)
			.until(() -> this.recipients.find(this.subscriberId) instanceof Recipients.Lookup.Known known
					&& known.recipient().status() == SubscriptionStatus.UNSUBSCRIBED);
		this.mail.chaos(Chaos.none());

		DeliveryRecorded suppressed = awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		assertThat(suppressed.outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
		assertThat(suppressed.detail()).isEqualTo("unsubscribed");
		assertThat(this.mail.messagesTo(this.email)).isEmpty();
	}

	@Test
	void aClaimLeftByADeadProcessIsSentOnceItsLeaseExpiresNotOnRedelivery() {
		publishCampaign();
		publishSubscriber(SubscriptionStatus.CONFIRMED, this.signedUp);
		ReminderRequested stale = reminder("wave:14d");
		// As a sending thread leaves it when its process dies before SMTP.
		this.jdbc.sql("""
				insert into delivery (subscriber_id, message_key, campaign_id, kind, wave_key, request_id, requested_at,
					state, attempts, claimed_at, next_attempt_at, lease_until)
				values (:subscriberId, 'wave:14d', :campaignId, 'WAVE_REMINDER', '14d', :requestId, :requestedAt,
					'CLAIMED', 1, now(), now(), now() + interval '1 hour')
				""")
			.param("subscriberId", this.subscriberId)
			.param("campaignId", this.campaignId)
			.param("requestId", stale.id())
			.param("requestedAt", Timestamp.from(stale.time()))
			.update();

		publish(stale);
		publish(reminder("wave:7d"));
		awaitDelivery((delivery) -> delivery.messageKey().equals("wave:7d"));
		// The redelivery was handled before the message behind it on the same partition.
		assertThat(this.mail.messagesTo(this.email)).extracting(MailpitClient.MessageSummary::messageId)
			.containsExactly(messageId("wave:7d"));

		this.jdbc
			.sql("update delivery set lease_until = now() - interval '1 second' where subscriber_id = :id"
					+ " and message_key = 'wave:14d'")
			.param("id", this.subscriberId)
			.update();
		awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		assertThat(this.mail.messagesTo(this.email)).extracting(MailpitClient.MessageSummary::messageId)
			.containsExactlyInAnyOrder(messageId("wave:7d"), messageId("wave:14d"));
	}

	@Test
	void manyMessagesShareAFewConnections() {
		publishCampaign();
		publishSubscriber(SubscriptionStatus.CONFIRMED, this.signedUp);
		double before = connectionsOpened();
		int count = 12;
		for (int i = 0; i < count; i++) {
			publish(reminder("wave:" + i));
		}

		await().atMost(PATIENCE).until(() -> this.mail.messagesTo(this.email).size() == count);
		// One per sending thread at most, however many messages.
		assertThat(connectionsOpened() - before).isLessThanOrEqualTo(this.smtp.concurrency());
	}

	private double connectionsOpened() {
		return this.meters.counter("tijdig.notifier.smtp.connections").count();
	}

	/** As the inbox lists it: without the angle brackets. */
	private String messageId(String messageKey) {
		return MessageIds.of(this.subscriberId, messageKey, "tijdig.example").replaceAll("[<>]", "");
	}

	private void awaitState(String messageKey, DeliveryState state) {
		await().atMost(PATIENCE).until(() -> this.log.stateOf(this.subscriberId, messageKey).orElse(null) == state);
	}

	private DeliveryRecorded awaitDelivery(Predicate<DeliveryRecorded> matching) {
		return (DeliveryRecorded) this.deliveries
			.await((record) -> record.value() instanceof DeliveryRecorded delivery
					&& delivery.subscriberId().equals(this.subscriberId) && matching.test(delivery))
			.value();
	}

	private List<DeliveryRecorded> deliveriesOf(String messageKey) {
		return this.deliveries.all()
			.stream()
			.map(ConsumerRecord::value)
			.filter(DeliveryRecorded.class::isInstance)
			.map(DeliveryRecorded.class::cast)
			.filter((delivery) -> delivery.subscriberId().equals(this.subscriberId)
					&& delivery.messageKey().equals(messageKey))
			.toList();
	}

	private ReminderRequested reminder(String messageKey) {
		return ReminderRequested.of(this.subscriberId, this.campaignId, MessageKind.WAVE_REMINDER, messageKey,
				messageKey.substring(5), Instant.now());
	}

	private void publish(ReminderRequested reminder) {
		this.kafka.send(Topics.REMINDERS, reminder.subscriberId().toString(), reminder).join();
	}

	private void publishSubscriber(SubscriptionStatus status, Instant time) {
		SubscriptionChanged change = SubscriptionChanged.of(this.subscriberId, this.campaignId, this.email, Language.EN,
				status, SubscriptionChanged.Change.SIGNED_UP, null, time);
		this.kafka.send(Topics.SUBSCRIBERS, this.subscriberId.toString(), change).join();
	}

	private void publishCampaign() {
		this.kafka
			.send(Topics.CAMPAIGNS, this.campaignId.toString(),
					TestnetCampaign.published(this.campaignId, this.signedUp.minusSeconds(60)))
			.join();
	}

}

package nl.tijdig.notifier.delivery;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.notifier.TestnetCampaign;
import nl.tijdig.notifier.campaign.Campaigns;
import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.notifier.smtp.SmtpFixtures;
import nl.tijdig.notifier.smtp.SmtpProperties;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.MailpitClient;
import nl.tijdig.infrastructure.MailpitClient.Chaos;
import nl.tijdig.infrastructure.MailpitClient.Trigger;
import nl.tijdig.testinfra.WithInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

	private TestReader reader;

	@Autowired
	private Recipients recipients;

	@Autowired
	private DeliveryLog log;

	@Autowired
	private Campaigns campaigns;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private SmtpProperties smtp;

	private final MailpitClient mail = Infrastructure.shared().mail();

	@BeforeEach
	void newReader() {
		this.reader = new TestReader(this.kafka, "sending");
	}

	@AfterEach
	void reset() {
		this.mail.chaos(Chaos.none());
		this.reader.close();
	}

	@Test
	void aTransientRefusalThenSuccessGivesExactlyOneEmail() {
		this.reader.publishCampaign();
		this.reader.publishSubscriber(SubscriptionStatus.CONFIRMED, Language.EN, this.reader.signedUp);
		this.mail.chaos(Chaos.none().withRecipient(Trigger.always(451)));
		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:14d"));

		awaitState("wave:14d", DeliveryState.RETRYING);
		this.mail.chaos(Chaos.none());

		this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		assertThat(this.mail.messagesTo(this.reader.email)).hasSize(1);
		assertThat(this.reader.deliveriesOf("wave:14d")).extracting(DeliveryRecorded::outcome)
			.containsExactly(DeliveryOutcome.SENT);
		assertThat(this.log.stateOf(this.reader.subscriberId, "wave:14d")).contains(DeliveryState.SENT);
	}

	@Test
	void anUnsubscribeBetweenTheRequestAndTheSendSuppressesTheMessage() {
		this.reader.publishCampaign();
		this.reader.publishSubscriber(SubscriptionStatus.CONFIRMED, Language.EN, this.reader.signedUp);
		this.mail.chaos(Chaos.none().withRecipient(Trigger.always(451)));
		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:14d"));
		awaitState("wave:14d", DeliveryState.RETRYING);

		this.reader.publishSubscriber(SubscriptionStatus.UNSUBSCRIBED, Language.EN,
				this.reader.signedUp.plusSeconds(30));
		await().atMost(PATIENCE)
			.until(() -> this.recipients.find(this.reader.subscriberId) instanceof Recipients.Lookup.Known known
					&& known.recipient().status() == SubscriptionStatus.UNSUBSCRIBED);
		this.mail.chaos(Chaos.none());

		DeliveryRecorded suppressed = this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		assertThat(suppressed.outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
		assertThat(suppressed.detail()).isEqualTo("unsubscribed");
		assertThat(this.mail.messagesTo(this.reader.email)).isEmpty();
	}

	@Test
	void aReminderWaitingForARetryIsWithdrawnWhenTheCampaignClosesAndOnlyTheGoodbyeGoesOut() {
		CampaignPublished open = TestnetCampaign.published(this.reader.campaignId,
				this.reader.signedUp.minusSeconds(60));
		this.reader.publishCampaign(open);
		this.reader.publishSubscriber(SubscriptionStatus.CONFIRMED, Language.EN, this.reader.signedUp);
		this.mail.chaos(Chaos.none().withRecipient(Trigger.always(451)));
		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:14d"));
		awaitState("wave:14d", DeliveryState.RETRYING);

		this.reader.publishCampaign(new CampaignPublished(UUID.randomUUID(), Instant.now(), open.schemaVersion(),
				open.campaignId(), open.slug(), CampaignPublished.Status.CLOSED, open.platform(), open.deadline(),
				open.timeZone(), open.waves(), open.content(), open.contentVersion(), open.dataErasureAt()));
		await().atMost(PATIENCE)
			.until(() -> this.campaigns.findById(this.reader.campaignId)
				.map((campaign) -> campaign.status() == CampaignPublished.Status.CLOSED)
				.orElse(false));
		this.mail.chaos(Chaos.none());

		DeliveryRecorded withdrawn = this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		assertThat(withdrawn.outcome()).isEqualTo(DeliveryOutcome.WITHDRAWN);
		assertThat(withdrawn.detail()).isEqualTo("campaign closed");
		assertThat(this.log.stateOf(this.reader.subscriberId, "wave:14d")).contains(DeliveryState.WITHDRAWN);

		this.reader.publish(this.reader.reminder(MessageKind.GOODBYE, "goodbye"));
		assertThat(this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("goodbye")).outcome())
			.isEqualTo(DeliveryOutcome.SENT);
		assertThat(this.mail.messagesTo(this.reader.email)).as("the goodbye alone").hasSize(1);
	}

	@Test
	void aWaveStillUnsentWhenTheNextWaveStartsIsWithdrawnAndTheNextOneGoesOut() {
		// Five days ahead: the 14-day wave went out nine days ago, the 7-day wave two
		// days ago.
		this.reader.publishCampaign(TestnetCampaign.published(this.reader.campaignId,
				this.reader.signedUp.minusSeconds(60), Instant.now().plus(Duration.ofDays(5)),
				Map.of(Language.NL, TestnetCampaign.DUTCH, Language.EN, TestnetCampaign.ENGLISH)));
		this.reader.publishSubscriber(SubscriptionStatus.CONFIRMED, Language.EN, this.reader.signedUp);

		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:14d"));
		DeliveryRecorded superseded = this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:7d"));
		DeliveryRecorded current = this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:7d"));

		assertThat(superseded.outcome()).isEqualTo(DeliveryOutcome.WITHDRAWN);
		assertThat(superseded.detail()).isEqualTo("superseded by wave 7d");
		assertThat(current.outcome()).isEqualTo(DeliveryOutcome.SENT);
		assertThat(this.mail.messagesTo(this.reader.email)).hasSize(1);
	}

	@Test
	void aClaimLeftByADeadProcessIsSentOnceItsLeaseExpiresNotOnRedelivery() {
		this.reader.publishCampaign();
		this.reader.publishSubscriber(SubscriptionStatus.CONFIRMED, Language.EN, this.reader.signedUp);
		ReminderRequested stale = this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:14d");
		// As a sending thread leaves it when its process dies before SMTP.
		this.jdbc.sql("""
				insert into delivery (subscriber_id, message_key, campaign_id, kind, wave_key, request_id, requested_at,
					state, attempts, claimed_at, next_attempt_at, lease_until)
				values (:subscriberId, 'wave:14d', :campaignId, 'WAVE_REMINDER', '14d', :requestId, :requestedAt,
					'CLAIMED', 1, now(), now(), now() + interval '1 hour')
				""")
			.param("subscriberId", this.reader.subscriberId)
			.param("campaignId", this.reader.campaignId)
			.param("requestId", stale.id())
			.param("requestedAt", Timestamp.from(stale.time()))
			.update();

		this.reader.publish(stale);
		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:7d"));
		this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:7d"));
		// The redelivery was handled before the message behind it on the same partition.
		assertThat(this.mail.messagesTo(this.reader.email)).extracting(MailpitClient.MessageSummary::messageId)
			.containsExactly(messageId("wave:7d"));

		this.jdbc
			.sql("update delivery set lease_until = now() - interval '1 second' where subscriber_id = :id"
					+ " and message_key = 'wave:14d'")
			.param("id", this.reader.subscriberId)
			.update();
		this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		assertThat(this.mail.messagesTo(this.reader.email)).extracting(MailpitClient.MessageSummary::messageId)
			.containsExactlyInAnyOrder(messageId("wave:7d"), messageId("wave:14d"));
	}

	@Test
	void manyMessagesShareAFewConnections() {
		this.reader.publishCampaign();
		this.reader.publishSubscriber(SubscriptionStatus.CONFIRMED, Language.EN, this.reader.signedUp);
		double before = connectionsOpened();
		int count = 12;
		for (int i = 0; i < count; i++) {
			this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:" + i));
		}

		await().atMost(PATIENCE).until(() -> this.mail.messagesTo(this.reader.email).size() == count);
		// One per sending thread at most, however many messages.
		assertThat(connectionsOpened() - before).isLessThanOrEqualTo(this.smtp.concurrency());
	}

	private double connectionsOpened() {
		return this.meters.counter("tijdig.notifier.smtp.connections").count();
	}

	/** As the inbox lists it: without the angle brackets. */
	private String messageId(String messageKey) {
		return SmtpFixtures.messageId(this.reader.subscriberId, messageKey, "tijdig.example").replaceAll("[<>]", "");
	}

	private void awaitState(String messageKey, DeliveryState state) {
		await().atMost(PATIENCE)
			.until(() -> this.log.stateOf(this.reader.subscriberId, messageKey).orElse(null) == state);
	}

}

package nl.tijdig.notifier.bounce;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SendingResumeRequested;
import nl.tijdig.events.SendingStateChanged;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.TestnetCampaign;
import nl.tijdig.infrastructure.EmbeddedImapMailbox;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.MailpitClient;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.testinfra.WithInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The complaint breaker with abuse reports (RFC 5965) mailed to the bounce mailbox that
 * GreenMail serves over IMAP, on the real Kafka, PostgreSQL and SMTP: a campaign whose
 * complaint rate rises above the limit stops sending, operators are told, and an
 * operator's resume lets its messages go. Limits small enough for a test: a campaign may
 * pause after 4 messages, above 20 %.
 */
@SpringBootTest(properties = { "spring.config.name=notifier", "tijdig.notifier.complaints.min-sent=4",
		"tijdig.notifier.complaints.max-rate=0.2", "tijdig.notifier.complaints.check-every=300ms" })
@WithInfrastructure
class ComplaintBreakerIntegrationTests {

	private static final EmbeddedImapMailbox MAILBOX = EmbeddedImapMailbox.start("fbl@tijdig.test", "fbl");

	@DynamicPropertySource
	static void bounceMailbox(DynamicPropertyRegistry registry) {
		MailboxSettings.register(registry, MAILBOX);
	}

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	private final MailpitClient mail = Infrastructure.shared().mail();

	private TopicReader<Object> deliveries;

	private TopicReader<Object> sending;

	// Once the context has declared the topics: this class may be the first in the JVM.
	@BeforeEach
	void open() {
		this.deliveries = TopicReader.events(Topics.DELIVERIES);
		this.sending = TopicReader.events(Topics.SENDING);
	}

	@AfterEach
	void close() {
		this.deliveries.close();
		this.sending.close();
	}

	@Test
	void complaintsAboveTheRatePauseTheCampaignUntilAnOperatorResumesIt() throws Exception {
		UUID campaign = UUID.randomUUID();
		publishCampaign(campaign);
		List<UUID> readers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			UUID reader = UUID.randomUUID();
			readers.add(reader);
			publishSubscriber(reader, campaign);
			publish(reader, campaign, "wave:14d");
		}
		for (UUID reader : readers) {
			awaitOutcome(reader, "wave:14d", DeliveryOutcome.SENT);
		}
		String messageId = this.mail.messagesTo(email(readers.get(0))).get(0).messageId();
		byte[] report = DeliveryReportsTests
			.crlf(DeliveryReportsTests.ABUSE_REPORT.replace("anna@example.org", email(readers.get(0)))
				.replace("<77aa@tijdig.example>", "<" + messageId + ">"));

		MAILBOX.deliver(report);

		DeliveryRecorded complained = awaitOutcome(readers.get(0), "wave:14d", DeliveryOutcome.COMPLAINED);
		assertThat(complained.campaignId()).isEqualTo(campaign);
		SendingStateChanged paused = awaitSending(campaign, SendingStateChanged.State.PAUSED);
		assertThat(paused.complaints()).as("1 in 4 is above 20 %").isEqualTo(1L);
		assertThat(paused.sent()).isEqualTo(4L);
		assertThat(paused.key()).isEqualTo(campaign.toString());
		await().atMost(Duration.ofSeconds(30)).until(() -> gauge("sending.paused", campaign) == 1.0);
		assertThat(gauge("complaint.rate", campaign)).isEqualTo(0.25);

		// Tried: the same report again, as a feedback loop may send it. It is read and
		// taken out, and counts nothing.
		MAILBOX.deliver(report);
		await().atMost(Duration.ofSeconds(30)).until(() -> MAILBOX.messageCount() == 0);
		assertThat(this.jdbc.sql("select count(*) from complaint where campaign_id = ?")
			.param(campaign)
			.query(Long.class)
			.single()).isEqualTo(1L);

		// Held back: taken on, never sent, while another campaign's message claimed after
		// it goes out.
		publish(readers.get(1), campaign, "wave:7d");
		await().atMost(Duration.ofSeconds(30)).until(() -> "CLAIMED".equals(state(readers.get(1), "wave:7d")));
		UUID elsewhere = UUID.randomUUID();
		UUID otherCampaign = UUID.randomUUID();
		publishCampaign(otherCampaign);
		publishSubscriber(elsewhere, otherCampaign);
		publish(elsewhere, otherCampaign, "wave:14d");
		awaitOutcome(elsewhere, "wave:14d", DeliveryOutcome.SENT);
		assertThat(state(readers.get(1), "wave:7d")).isEqualTo("CLAIMED");
		assertThat(this.mail.messagesTo(email(readers.get(1)))).hasSize(1);

		// Tried: a resume for a pause that is not the one in force, then the right one.
		resume(campaign, paused.since().minusSeconds(60));
		resume(campaign, paused.since());

		SendingStateChanged resumed = awaitSending(campaign, SendingStateChanged.State.RESUMED);
		assertThat(resumed.since()).isEqualTo(paused.since());
		assertThat(this.sending.valuesWithKey(campaign.toString())).filteredOn(SendingStateChanged.class::isInstance)
			.extracting("state")
			.containsExactly(SendingStateChanged.State.PAUSED, SendingStateChanged.State.RESUMED);
		awaitOutcome(readers.get(1), "wave:7d", DeliveryOutcome.SENT);
		await().atMost(Duration.ofSeconds(30)).until(() -> gauge("sending.paused", campaign) == 0.0);
	}

	private double gauge(String name, UUID campaign) {
		Gauge gauge = this.meters.find("tijdig.notifier.campaign." + name)
			.tag("campaign", TestnetCampaign.slug(campaign))
			.gauge();
		return (gauge != null) ? gauge.value() : Double.NaN;
	}

	private String state(UUID subscriber, String messageKey) {
		return this.jdbc.sql("select state from delivery where subscriber_id = ? and message_key = ?")
			.params(subscriber, messageKey)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private void resume(UUID campaign, Instant since) {
		this.kafka
			.send(Topics.SENDING_RESUMES, campaign.toString(),
					SendingResumeRequested.of(campaign, since, "operator", Instant.now()))
			.join();
	}

	private SendingStateChanged awaitSending(UUID campaign, SendingStateChanged.State state) {
		return (SendingStateChanged) this.sending
			.await((record) -> record.value() instanceof SendingStateChanged changed
					&& campaign.equals(changed.campaignId()) && changed.state() == state)
			.value();
	}

	private DeliveryRecorded awaitOutcome(UUID subscriber, String messageKey, DeliveryOutcome outcome) {
		return (DeliveryRecorded) this.deliveries
			.await((record) -> record.value() instanceof DeliveryRecorded delivery
					&& delivery.subscriberId().equals(subscriber) && delivery.messageKey().equals(messageKey)
					&& delivery.outcome() == outcome)
			.value();
	}

	private static String email(UUID subscriber) {
		return "complainer-" + subscriber + "@example.test";
	}

	private void publish(UUID subscriber, UUID campaign, String messageKey) {
		this.kafka
			.send(Topics.REMINDERS, subscriber.toString(),
					ReminderRequested.of(subscriber, campaign, MessageKind.WAVE_REMINDER, messageKey,
							messageKey.substring(5), Instant.now()))
			.join();
	}

	private void publishSubscriber(UUID subscriber, UUID campaign) {
		this.kafka
			.send(Topics.SUBSCRIBERS, subscriber.toString(),
					SubscriptionChanged.of(subscriber, campaign, email(subscriber), Language.EN,
							SubscriptionStatus.CONFIRMED, SubscriptionChanged.Change.SIGNED_UP, null,
							Instant.now().minusSeconds(60)))
			.join();
	}

	private void publishCampaign(UUID campaign) {
		this.kafka
			.send(Topics.CAMPAIGNS, campaign.toString(),
					TestnetCampaign.published(campaign, Instant.now().minusSeconds(120)))
			.join();
	}

}

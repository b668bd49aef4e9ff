package nl.tijdig.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CorrectionRequested;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.TestnetCampaign;
import nl.tijdig.notifier.campaign.Campaigns;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.MailpitClient;
import nl.tijdig.infrastructure.MailpitClient.MessageSummary;
import nl.tijdig.testinfra.WithInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operator changed a campaign's steps after a wave went out: the delivery log knows
 * which text each reader got, and a correction goes to exactly those whose last email
 * with the steps had an older text, on real Kafka, PostgreSQL and SMTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notifier")
@WithInfrastructure
class CorrectionIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final Content CHANGED = new Content("Testnet and your data", "Testnet wants to use your data.",
			List.of("Open Privacy, then Data for research", "Switch off Use my data"),
			"https://testnet.example/privacy", TestnetCampaign.ENGLISH.risks(), TestnetCampaign.ENGLISH.coverage());

	private static final Content CHANGED_AGAIN = new Content("Testnet and your data", "Testnet wants to use your data.",
			List.of("Open Settings, then Data privacy", "Switch off Data for generative AI"),
			"https://testnet.example/data-privacy", TestnetCampaign.ENGLISH.risks(),
			TestnetCampaign.ENGLISH.coverage());

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	@Autowired
	private Campaigns campaigns;

	@Autowired
	private DeliveryLog log;

	@Autowired
	private JdbcClient jdbc;

	private final MailpitClient mail = Infrastructure.shared().mail();

	private final UUID campaignId = UUID.randomUUID();

	private final Instant signedUp = Instant.now().minusSeconds(60);

	private final CampaignPublished first = TestnetCampaign.published(this.campaignId, this.signedUp.minusSeconds(60));

	@Test
	void onlyReadersWhoseLastStepsWereOlderGetTheCorrectionAndItWaitsForTheTextItBrings() {
		publish(this.first);
		UUID early = subscriber("early", SubscriptionStatus.CONFIRMED);
		UUID leaving = subscriber("leaving", SubscriptionStatus.CONFIRMED);
		UUID late = subscriber("late", SubscriptionStatus.CONFIRMED);

		// Tried: the 14-day wave went out with the first text to two readers.
		remind(early, MessageKind.WAVE_REMINDER, "wave:14d");
		remind(leaving, MessageKind.WAVE_REMINDER, "wave:14d");
		awaitState(early, "wave:14d", DeliveryState.SENT);
		awaitState(leaving, "wave:14d", DeliveryState.SENT);

		// The operator changes the steps; a reader who signs up now gets them in the
		// welcome, and one of the two earlier readers unsubscribes.
		publish(withContent(this.first, CHANGED, 2));
		await().atMost(PATIENCE).until(() -> contentVersion() == 2);
		remind(late, MessageKind.WELCOME, "welcome");
		awaitState(late, "welcome", DeliveryState.SENT);
		subscriberChanged(leaving, "leaving", SubscriptionStatus.UNSUBSCRIBED, this.signedUp.plusSeconds(30));
		await().atMost(PATIENCE).until(() -> status(leaving).equals("UNSUBSCRIBED"));

		assertThat(textVersion(early, "wave:14d")).isEqualTo(1);
		assertThat(textVersion(late, "welcome")).isEqualTo(2);

		// Tried: a correction to the second text.
		correct(2);
		awaitState(early, "correction:2", DeliveryState.SENT);
		List<MessageSummary> toEarly = this.mail.messagesTo(address("early", early));
		assertThat(toEarly).hasSize(2);
		MessageSummary correction = toEarly.stream()
			.filter((message) -> message.subject().startsWith("Correction"))
			.findFirst()
			.orElseThrow();
		assertThat(this.mail.message(correction.id()).text()).contains("Open Privacy, then Data for research")
			.contains("https://testnet.example/privacy")
			.doesNotContain("Open the settings");
		assertThat(textVersion(early, "correction:2")).isEqualTo(2);

		// Tried: a correction to a third text the notifier has not seen yet. It waits for
		// it, then goes to both confirmed readers (both last had the second text), not
		// to the one who left.
		correct(3);
		publish(withContent(this.first, CHANGED_AGAIN, 3));
		awaitState(early, "correction:3", DeliveryState.SENT);
		awaitState(late, "correction:3", DeliveryState.SENT);
		assertThat(this.mail
			.message(this.mail.messagesTo(address("late", late))
				.stream()
				.filter((message) -> message.subject().startsWith("Correction"))
				.findFirst()
				.orElseThrow()
				.id())
			.text()).contains("Switch off Data for generative AI");

		assertThat(this.log.stateOf(leaving, "correction:2")).isEmpty();
		assertThat(this.log.stateOf(leaving, "correction:3")).isEmpty();
		assertThat(this.log.stateOf(late, "correction:2")).as("the welcome had the second text already").isEmpty();
		assertThat(this.mail.messagesTo(address("leaving", leaving))).hasSize(1);
		assertThat(this.mail.messagesTo(address("early", early))).hasSize(3);
		assertThat(this.mail.messagesTo(address("late", late))).hasSize(2);
	}

	@Test
	void aClosedCampaignGetsNoCorrection() {
		publish(this.first);
		UUID reader = subscriber("closed", SubscriptionStatus.CONFIRMED);
		remind(reader, MessageKind.WAVE_REMINDER, "wave:14d");
		awaitState(reader, "wave:14d", DeliveryState.SENT);
		CampaignPublished changed = withContent(this.first, CHANGED, 2);
		publish(new CampaignPublished(UUID.randomUUID(), Instant.now(), changed.schemaVersion(), changed.campaignId(),
				changed.slug(), CampaignPublished.Status.CLOSED, changed.platform(), changed.deadline(),
				changed.timeZone(), changed.waves(), changed.content(), changed.contentVersion(),
				changed.dataErasureAt()));
		await().atMost(PATIENCE).until(() -> contentVersion() == 2);

		// Tried: a correction after the campaign was closed. Waited for until the
		// notifier committed past it.
		RecordMetadata request = correct(2);
		TopicPartition partition = new TopicPartition(request.topic(), request.partition());
		try (Admin admin = Admin.create(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers()))) {
			await().atMost(PATIENCE).until(() -> {
				OffsetAndMetadata committed = admin.listConsumerGroupOffsets("tijdig-notifier")
					.partitionsToOffsetAndMetadata()
					.get()
					.get(partition);
				return committed != null && committed.offset() > request.offset();
			});
		}

		assertThat(this.log.stateOf(reader, "correction:2")).isEmpty();
		assertThat(this.mail.messagesTo(address("closed", reader))).hasSize(1);
	}

	private void publish(CampaignPublished campaign) {
		this.kafka.send(Topics.CAMPAIGNS, this.campaignId.toString(), campaign).join();
	}

	private static CampaignPublished withContent(CampaignPublished campaign, Content english, int contentVersion) {
		return new CampaignPublished(UUID.randomUUID(), Instant.now(), campaign.schemaVersion(), campaign.campaignId(),
				campaign.slug(), campaign.status(), campaign.platform(), campaign.deadline(), campaign.timeZone(),
				campaign.waves(), Map.of(Language.EN, english), contentVersion, campaign.dataErasureAt());
	}

	private UUID subscriber(String name, SubscriptionStatus status) {
		UUID subscriberId = UUID.randomUUID();
		subscriberChanged(subscriberId, name, status, this.signedUp);
		return subscriberId;
	}

	private void subscriberChanged(UUID subscriberId, String name, SubscriptionStatus status, Instant time) {
		SubscriptionChanged change = SubscriptionChanged.of(subscriberId, this.campaignId, address(name, subscriberId),
				Language.EN, status, SubscriptionChanged.Change.SIGNED_UP, null, time);
		this.kafka.send(Topics.SUBSCRIBERS, subscriberId.toString(), change).join();
	}

	private static String address(String name, UUID subscriberId) {
		return "correction-" + name + "-" + subscriberId + "@example.test";
	}

	private void remind(UUID subscriberId, MessageKind kind, String messageKey) {
		String waveKey = messageKey.startsWith("wave:") ? messageKey.substring(5) : null;
		ReminderRequested reminder = ReminderRequested.of(subscriberId, this.campaignId, kind, messageKey, waveKey,
				Instant.now());
		this.kafka.send(Topics.REMINDERS, subscriberId.toString(), reminder).join();
	}

	private RecordMetadata correct(int contentVersion) {
		CorrectionRequested request = CorrectionRequested.of(this.campaignId, contentVersion, Instant.now());
		return this.kafka.send(Topics.CORRECTIONS, this.campaignId.toString(), request).join().getRecordMetadata();
	}

	private int contentVersion() {
		return this.campaigns.findById(this.campaignId).map((campaign) -> campaign.contentVersion()).orElse(0);
	}

	private String status(UUID subscriberId) {
		return this.jdbc.sql("select status from recipient where subscriber_id = ?")
			.param(subscriberId)
			.query(String.class)
			.optional()
			.orElse("");
	}

	private Integer textVersion(UUID subscriberId, String messageKey) {
		return this.jdbc.sql("select content_version from delivery where subscriber_id = ? and message_key = ?")
			.param(subscriberId)
			.param(messageKey)
			.query(Integer.class)
			.single();
	}

	private void awaitState(UUID subscriberId, String messageKey, DeliveryState state) {
		await().atMost(PATIENCE).until(() -> this.log.stateOf(subscriberId, messageKey).orElse(null) == state);
	}

}

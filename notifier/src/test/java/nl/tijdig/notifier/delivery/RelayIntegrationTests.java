package nl.tijdig.notifier.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.SendingStateChanged;
import nl.tijdig.events.SuppressionLiftRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.notifier.campaign.Campaigns;
import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.notifier.smtp.SmtpFixtures;
import nl.tijdig.notifier.suppression.SuppressedAddresses;
import nl.tijdig.testinfra.ScriptedSmtpServer;
import nl.tijdig.testinfra.ScriptedSmtpServer.Behaviour;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.testinfra.WithInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the sending threads do when the relay refuses for its own reasons, takes longer
 * than a lease, or accepts a message whose outcome PostgreSQL cannot take: against a
 * scripted relay that says what a test wants, with real Kafka and PostgreSQL. Leases are
 * shorter than a slow relay here, and every connection gives up waiting for a lock after
 * half a second, so that a locked delivery log is a failing one.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=notifier", "tijdig.notifier.smtp.lease=3s",
				"tijdig.notifier.smtp.batch-size=3", "tijdig.notifier.smtp.concurrency=2",
				"tijdig.notifier.smtp.breaker.threshold=3", "tijdig.notifier.smtp.breaker.cool-down=3s",
				"spring.datasource.hikari.connection-init-sql=set lock_timeout = '500ms'" })
@WithInfrastructure
class RelayIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final ScriptedSmtpServer relay = ScriptedSmtpServer.start();

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	@Autowired
	private DeliveryLog log;

	@Autowired
	private SuppressedAddresses addresses;

	@Autowired
	private Recipients recipients;

	@Autowired
	private Campaigns campaigns;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	@LocalServerPort
	private int port;

	private TestReader reader;

	@DynamicPropertySource
	static void relay(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", relay::port);
	}

	@BeforeEach
	void newReader() {
		this.reader = new TestReader(this.kafka, "relay");
	}

	@AfterEach
	void relent() {
		relay.behave(Behaviour.NORMAL);
		this.reader.close();
	}

	@AfterAll
	static void stop() {
		relay.close();
	}

	@Test
	void aMailboxRefusalFailsTheMessageAndSuppressesTheAddressUntilAnOperatorLiftsIt() {
		knownReader();
		relay.behave(Behaviour.NORMAL.refusingRecipients("550 5.1.1 <%s>: Recipient address rejected: User unknown"));
		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:14d"));

		DeliveryRecorded failed = this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		assertThat(failed.outcome()).isEqualTo(DeliveryOutcome.FAILED);
		assertThat(failed.detail()).isEqualTo("recipient refused (reply 550 5.1.1)");
		assertThat(this.addresses.contains(this.reader.email.toUpperCase())).isTrue();

		relay.behave(Behaviour.NORMAL);
		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:7d"));
		DeliveryRecorded suppressed = this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:7d"));
		assertThat(suppressed.outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
		assertThat(suppressed.detail()).isEqualTo("address suppressed");

		// The console's request, as an operator who knows the mailbox exists sends it.
		SuppressionLiftRequested lift = SuppressionLiftRequested.of(this.reader.email.toUpperCase(), Instant.now());
		this.kafka.send(Topics.SUPPRESSIONS, lift.id().toString(), lift).join();
		await().atMost(PATIENCE).until(() -> !this.addresses.contains(this.reader.email));
		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:3d"));
		DeliveryRecorded sent = this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:3d"));
		assertThat(sent.outcome()).isEqualTo(DeliveryOutcome.SENT);
	}

	@Test
	void aPolicyRefusalLeavesTheMessageForLaterAndSuppressesNobody() {
		knownReader();
		relay.behave(Behaviour.NORMAL.refusingRecipients("554 5.7.1 <%s>: Relay access denied"));
		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:14d"));

		await().atMost(PATIENCE)
			.until(() -> stateOf("wave:14d") == DeliveryState.RETRYING || stateOf("wave:14d") == DeliveryState.FAILED);
		assertThat(stateOf("wave:14d")).isEqualTo(DeliveryState.RETRYING);
		assertThat(this.addresses.contains(this.reader.email)).isFalse();

		relay.behave(Behaviour.NORMAL);
		DeliveryRecorded sent = this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		assertThat(sent.outcome()).isEqualTo(DeliveryOutcome.SENT);
		assertThat(acceptedMessageIds()).containsOnlyOnce(messageId("wave:14d"));
		assertThat(this.addresses.contains(this.reader.email)).isFalse();
	}

	@Test
	void aRunOfPolicyRefusalsPausesSendingTriesOneMessageAfterTheCoolDownAndResumesWhenTheRelayRelents() {
		knownReader();
		relay.behave(Behaviour.NORMAL.refusingRecipients("554 5.7.1 <%s>: Relay access denied"));
		List<String> keys = List.of("wave:1", "wave:2", "wave:3", "wave:4", "wave:5", "wave:6");
		TopicReader<Object> sending = TopicReader.events(Topics.SENDING);
		double refusedBefore = policyRefusals();
		keys.forEach((key) -> this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, key)));

		await().atMost(PATIENCE).until(() -> "PAUSED".equals(sendingHealth().path("status").asString()));
		JsonNode paused = sendingHealth();
		assertThat(paused.path("details").path("since").asString()).isNotBlank();
		assertThat(paused.path("details").path("relayReply").asString())
			.isEqualTo("554 5.7.1 <[address]>: Relay access denied");
		assertThat(paused.toString()).doesNotContain(this.reader.email);
		assertThat(this.meters.get("tijdig.notifier.sending.paused").gauge().value()).isEqualTo(1.0);
		assertThat(policyRefusals() - refusedBefore).isGreaterThanOrEqualTo(3);
		SendingStateChanged pausedEvent = (SendingStateChanged) sending
			.await((record) -> record.value() instanceof SendingStateChanged changed
					&& changed.state() == SendingStateChanged.State.PAUSED)
			.value();
		assertThat(pausedEvent.relayReply()).isEqualTo("554 5.7.1 <[address]>: Relay access denied");
		assertThat(pausedEvent.since().toString()).isEqualTo(paused.path("details").path("since").asString());

		// Nothing more reaches the relay (but what was on its way when the pause began).
		AtomicInteger seen = new AtomicInteger(-1);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofMillis(2500))
			.until(() -> seen.getAndSet(relay.recipients()) == relay.recipients());
		int tried = relay.recipients();
		// After the cool-down one message tries the relay; refused, sending stays paused.
		await().atMost(PATIENCE).until(() -> relay.recipients() > tried);
		assertThat(relay.recipients()).isEqualTo(tried + 1);
		assertThat(sendingHealth().path("status").asString()).isEqualTo("PAUSED");
		assertThat(keys)
			.allSatisfy((key) -> assertThat(stateOf(key)).isNotIn(DeliveryState.FAILED, DeliveryState.SENT));

		relay.behave(Behaviour.NORMAL);
		await().atMost(PATIENCE).until(() -> keys.stream().allMatch((key) -> stateOf(key) == DeliveryState.SENT));
		assertThat(sendingHealth().path("status").asString()).isEqualTo("UP");
		assertThat(this.meters.get("tijdig.notifier.sending.paused").gauge().value()).isZero();
		assertThat(sending
			.await((record) -> record.value() instanceof SendingStateChanged changed
					&& changed.state() == SendingStateChanged.State.RESUMED)
			.key()).isEqualTo(pausedEvent.instance());
		sending.close();
		assertThat(keys).allSatisfy((key) -> assertThat(acceptedMessageIds()).containsOnlyOnce(messageId(key)));
		assertThat(this.addresses.contains(this.reader.email)).isFalse();
	}

	@Test
	void aSenderWhoseLeaseExpiredSendsNothingMoreAndEveryMessageGoesOutOnce() {
		knownReader();
		// Each message takes 2 s to be accepted; a batch of three outlives its lease of 3
		// s,
		// and the other sending thread takes what it finds expired.
		relay.behave(Behaviour.NORMAL.stalling(Duration.ofSeconds(2)));
		List<String> keys = List.of("wave:a", "wave:b", "wave:c");
		for (String key : keys) {
			claimDirectly(key);
		}

		await().atMost(PATIENCE).until(() -> keys.stream().allMatch((key) -> stateOf(key) == DeliveryState.SENT));
		assertThat(keys).allSatisfy((key) -> assertThat(acceptedMessageIds()).containsOnlyOnce(messageId(key)));
		assertThat(keys)
			.allSatisfy((key) -> assertThat(this.reader.deliveriesOf(key)).extracting(DeliveryRecorded::outcome)
				.containsExactly(DeliveryOutcome.SENT));
	}

	@Test
	void aMessageTheRelayAcceptedIsNotSentAgainWhenItsOutcomeCannotBeWrittenAtOnce() {
		knownReader();
		// The delivery log is locked from the relay's accept for longer than the lease.
		relay.beforeAccepting(() -> {
			relay.beforeAccepting(() -> {
			});
			lockDeliveryLogFor(Duration.ofSeconds(5));
		});
		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:14d"));

		await().atMost(PATIENCE).ignoreExceptions().until(() -> stateOf("wave:14d") == DeliveryState.SENT);
		// Longer than the lease and a few polls: a resend would have happened by now.
		await().during(Duration.ofSeconds(4))
			.atMost(Duration.ofSeconds(5))
			.until(() -> acceptedMessageIds().stream().filter(messageId("wave:14d")::equals).count() == 1);
		assertThat(this.reader.deliveriesOf("wave:14d")).extracting(DeliveryRecorded::outcome)
			.containsExactly(DeliveryOutcome.SENT);
	}

	@Test
	void aMessageLeftHandingOverByADeadProcessIsReportedInDoubtAndNeverSent() {
		knownReader();
		int acceptedBefore = relay.received().size();
		// As a process leaves it that died after it started handing the message over.
		this.jdbc.sql("""
				insert into delivery (subscriber_id, message_key, campaign_id, kind, wave_key, request_id, requested_at,
					state, attempts, claimed_at, next_attempt_at, lease_until, claim_token)
				values (:subscriberId, 'wave:14d', :campaignId, 'WAVE_REMINDER', '14d', :requestId, now(),
					'SENDING', 1, now(), now(), now() - interval '1 second', :token)
				""")
			.param("subscriberId", this.reader.subscriberId)
			.param("campaignId", this.reader.campaignId)
			.param("requestId", UUID.randomUUID())
			.param("token", UUID.randomUUID())
			.update();

		DeliveryRecorded inDoubt = this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		assertThat(inDoubt.outcome()).isEqualTo(DeliveryOutcome.IN_DOUBT);
		assertThat(stateOf("wave:14d")).isEqualTo(DeliveryState.IN_DOUBT);
		assertThat(relay.received().size()).isEqualTo(acceptedBefore);
	}

	private void knownReader() {
		this.reader.publishCampaign();
		this.reader.publishSubscriber(SubscriptionStatus.CONFIRMED, Language.EN, this.reader.signedUp);
		await().atMost(PATIENCE)
			.until(() -> this.recipients.find(this.reader.subscriberId) instanceof Recipients.Lookup.Known
					&& this.campaigns.findById(this.reader.campaignId).isPresent());
	}

	/** As the listener claims a message, all at once for the sending threads to take. */
	private void claimDirectly(String messageKey) {
		this.jdbc.sql("""
				insert into delivery (subscriber_id, message_key, campaign_id, kind, wave_key, request_id, requested_at,
					state, attempts, claimed_at, next_attempt_at)
				values (:subscriberId, :messageKey, :campaignId, 'WAVE_REMINDER', :waveKey, :requestId, :requestedAt,
					'CLAIMED', 0, now(), now() + interval '1 second')
				""")
			.param("subscriberId", this.reader.subscriberId)
			.param("messageKey", messageKey)
			.param("campaignId", this.reader.campaignId)
			.param("waveKey", messageKey.substring(5))
			.param("requestId", UUID.randomUUID())
			.param("requestedAt", Timestamp.from(this.reader.signedUp))
			.update();
	}

	/**
	 * Takes the delivery log away from the notifier: locked from another connection, the
	 * notifier's statements on it fail after their lock timeout.
	 */
	private static void lockDeliveryLogFor(Duration duration) {
		CountDownLatch locked = new CountDownLatch(1);
		Thread holder = new Thread(() -> {
			Infrastructure infrastructure = Infrastructure.shared();
			try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(),
					infrastructure.jdbcUsername(), infrastructure.jdbcPassword());
					Statement statement = connection.createStatement()) {
				connection.setAutoCommit(false);
				statement.execute("lock table notifier.delivery in access exclusive mode");
				locked.countDown();
				Thread.sleep(duration.toMillis());
				connection.commit();
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "delivery-log-lock");
		holder.setDaemon(true);
		holder.start();
		try {
			assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private DeliveryState stateOf(String messageKey) {
		return this.log.stateOf(this.reader.subscriberId, messageKey).orElse(null);
	}

	private String messageId(String messageKey) {
		return SmtpFixtures.messageId(this.reader.subscriberId, messageKey, "tijdig.example");
	}

	private double policyRefusals() {
		return this.meters.find("tijdig.notifier.smtp.policy.refusals")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private JsonNode sendingHealth() {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
			return JsonMapper.builder().build().readTree(response.body()).path("components").path("sending");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> acceptedMessageIds() {
		return relay.received().stream().map(ScriptedSmtpServer.Received::messageId).toList();
	}

}

package nl.tijdig.notifier.delivery;

import java.time.Duration;
import java.time.Instant;

import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.testinfra.WithInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request can overtake the subscription change it was decided on: the scheduler and the
 * notifier read {@code tijdig.subscribers} each at their own pace. The request carries
 * the subscription's version, so the notifier suppresses a message only on a state at
 * least that recent, and otherwise waits for its projection.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notifier")
@WithInfrastructure
class StaleRecipientIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	@Autowired
	private Recipients recipients;

	private TestReader reader;

	@BeforeEach
	void newReader() {
		this.reader = new TestReader(this.kafka, "stale");
		this.reader.publishCampaign();
	}

	@AfterEach
	void closeReader() {
		this.reader.close();
	}

	@Test
	void confirmationAfterASignUpTheProjectionHasNotSeenYetWaitsForItInsteadOfBeingSuppressed() {
		// Signed up, confirmed and unsubscribed: versions 1 to 3.
		publishSubscriber(SubscriptionStatus.UNSUBSCRIBED, Change.UNSUBSCRIBED, 3);
		await().atMost(PATIENCE)
			.until(() -> this.recipients.find(this.reader.subscriberId) instanceof Recipients.Lookup.Known known
					&& known.recipient().status() == SubscriptionStatus.UNSUBSCRIBED);

		// They sign up again (version 4); the scheduler saw it first and asks to confirm.
		this.reader.publish(confirmation(4));
		await().during(Duration.ofSeconds(5))
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.reader.deliveriesOf("confirmation:again").isEmpty());
		publishSubscriber(SubscriptionStatus.PENDING, Change.SIGNED_UP, 4);

		DeliveryRecorded delivery = this.reader
			.awaitDelivery((recorded) -> recorded.messageKey().equals("confirmation:again"));
		assertThat(delivery.outcome()).isEqualTo(DeliveryOutcome.SENT);
	}

	@Test
	void requestDecidedBeforeAnUnsubscribeTheProjectionHasSeenIsSuppressed() {
		publishSubscriber(SubscriptionStatus.UNSUBSCRIBED, Change.UNSUBSCRIBED, 5);
		await().atMost(PATIENCE)
			.until(() -> this.recipients.find(this.reader.subscriberId) instanceof Recipients.Lookup.Known known
					&& known.recipient().status() == SubscriptionStatus.UNSUBSCRIBED);

		this.reader.publish(ReminderRequested.of(this.reader.subscriberId, this.reader.campaignId,
				MessageKind.WAVE_REMINDER, "wave:7d", "7d", Instant.now(), 4));

		DeliveryRecorded delivery = this.reader.awaitDelivery((recorded) -> recorded.messageKey().equals("wave:7d"));
		assertThat(delivery.outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
		assertThat(delivery.detail()).isEqualTo("unsubscribed");
	}

	private ReminderRequested confirmation(long subscriptionVersion) {
		return ReminderRequested.of(this.reader.subscriberId, this.reader.campaignId, MessageKind.CONFIRMATION,
				"confirmation:again", null, Instant.now(), subscriptionVersion);
	}

	private void publishSubscriber(SubscriptionStatus status, Change change, long version) {
		this.kafka
			.send(Topics.SUBSCRIBERS, this.reader.subscriberId.toString(),
					SubscriptionChanged.of(this.reader.subscriberId, this.reader.campaignId, this.reader.email,
							Language.EN, status, change, null, Instant.now(), version))
			.join();
	}

}

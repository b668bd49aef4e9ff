package nl.tijdig.scheduler.reminder;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.Topics;
import nl.tijdig.scheduler.SchedulerIntegrationTest;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.testinfra.TopicWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static nl.tijdig.scheduler.TestSubscriptions.confirmed;
import static nl.tijdig.scheduler.TestSubscriptions.signedUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SchedulerIntegrationTest
class OnboardingRemindersIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final UUID subscriberId = UUID.randomUUID();

	private final String key = this.subscriberId.toString();

	private TopicWriter writer;

	private TopicReader<Object> reminders;

	@BeforeEach
	void connect() {
		this.writer = new TopicWriter();
		this.reminders = TopicReader.events(Topics.REMINDERS);
	}

	@AfterEach
	void disconnect() {
		this.reminders.close();
		this.writer.close();
	}

	@Test
	void signingUpRequestsExactlyOneConfirmationEvenWhenRedelivered() {
		SubscriptionChanged signedUp = signedUp(this.subscriberId, Instant.now());
		this.writer.send(Topics.SUBSCRIBERS, this.key, signedUp);
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.reminders.valuesWithKey(this.key)).hasSize(1));

		this.writer.send(Topics.SUBSCRIBERS, this.key, signedUp);
		// Same key, same partition: once the welcome is there, the redelivery before it
		// has been processed too.
		this.writer.send(Topics.SUBSCRIBERS, this.key, confirmed(this.subscriberId, Instant.now()));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.reminders.valuesWithKey(this.key)).extracting("kind")
				.containsExactly(MessageKind.CONFIRMATION, MessageKind.WELCOME));

		ReminderRequested confirmation = (ReminderRequested) this.reminders.valuesWithKey(this.key).get(0);
		assertThat(confirmation.subscriberId()).isEqualTo(this.subscriberId);
		assertThat(confirmation.campaignId()).isEqualTo(signedUp.campaignId());
		assertThat(confirmation.messageKey()).isEqualTo("confirmation:" + signedUp.id());
	}

	@Test
	void confirmingRequestsTheWelcome() {
		SubscriptionChanged confirmed = confirmed(this.subscriberId, Instant.now());
		this.writer.send(Topics.SUBSCRIBERS, this.key, confirmed);

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.reminders.valuesWithKey(this.key)).singleElement()
				.isInstanceOfSatisfying(ReminderRequested.class, (welcome) -> {
					assertThat(welcome.kind()).isEqualTo(MessageKind.WELCOME);
					assertThat(welcome.messageKey()).isEqualTo("welcome");
					assertThat(welcome.subscriberId()).isEqualTo(this.subscriberId);
					assertThat(welcome.campaignId()).isEqualTo(confirmed.campaignId());
				}));
	}

}

package nl.tijdig.scheduler.fanout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Status;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.WaveProgressed;
import nl.tijdig.scheduler.SchedulerIntegrationTest;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.testinfra.TopicWriter;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaHeaders;

import static nl.tijdig.scheduler.TestCampaigns.before;
import static nl.tijdig.scheduler.TestCampaigns.campaign;
import static nl.tijdig.scheduler.TestCampaigns.published;
import static nl.tijdig.scheduler.TestSubscriptions.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Campaigns published on {@code tijdig.campaigns}, fired by the real clustered Quartz,
 * fanned out to the audience projected from {@code tijdig.subscribers}.
 */
@SchedulerIntegrationTest
class WavesIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final UUID campaignId = UUID.randomUUID();

	@Autowired
	private Scheduler scheduler;

	@Autowired
	private JdbcClient jdbc;

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
	void wavesGoOutOnTimeToEachConfirmedSubscriberOnceAndTheGoodbyeAtTheDeadline() {
		List<UUID> confirmed = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		UUID pending = UUID.randomUUID();
		UUID unsubscribed = UUID.randomUUID();
		Instant joined = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		confirmed.forEach((id) -> subscribe(id, SubscriptionStatus.CONFIRMED, Change.CONFIRMED, joined));
		subscribe(pending, SubscriptionStatus.PENDING, Change.SIGNED_UP, null);
		subscribe(unsubscribed, SubscriptionStatus.CONFIRMED, Change.CONFIRMED, joined);
		subscribe(unsubscribed, SubscriptionStatus.UNSUBSCRIBED, Change.UNSUBSCRIBED, joined);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.jdbc.sql(
					"select count(*) from audience_member where campaign_id = ? and status in ('CONFIRMED', 'UNSUBSCRIBED')")
				.param(this.campaignId)
				.query(Long.class)
				.single()).isEqualTo(4));

		Instant deadline = Instant.now().plusSeconds(14).truncatedTo(ChronoUnit.MILLIS);
		publish(published(this.campaignId, deadline, before("9s", Duration.ofSeconds(9)),
				before("4s", Duration.ofSeconds(4))));

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(waveMessages(confirmed.get(2))).hasSize(3));
		for (UUID subscriber : confirmed) {
			List<ReminderRequested> messages = waveMessages(subscriber);
			assertThat(messages).extracting(ReminderRequested::kind, ReminderRequested::messageKey)
				.containsExactly(tuple(MessageKind.WAVE_REMINDER, "wave:9s"),
						tuple(MessageKind.DEADLINE_DAY, "wave:4s"), tuple(MessageKind.GOODBYE, "goodbye"));
			// Never early; the waves before the deadline, the goodbye from it.
			assertThat(messages.get(0).time()).isAfterOrEqualTo(deadline.minusSeconds(9));
			assertThat(messages.get(1).time()).isAfterOrEqualTo(deadline.minusSeconds(4)).isBefore(deadline);
			assertThat(messages.get(2).time()).isAfterOrEqualTo(deadline);
		}
		assertThat(waveMessages(pending)).isEmpty();
		assertThat(waveMessages(unsubscribed)).isEmpty();
		try (TopicReader<Object> waves = TopicReader.events(Topics.WAVES)) {
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(waves.valuesWithKey(this.campaignId.toString()))
					.map(WaveProgressed.class::cast)
					.filteredOn((progress) -> progress.phase() == WaveProgressed.Phase.FINISHED)
					.extracting(WaveProgressed::waveKey, WaveProgressed::count)
					.containsExactly(tuple("9s", 3L), tuple("4s", 3L), tuple("goodbye", 3L)));
		}
	}

	@Test
	void schedulerDownAcrossTwoWavesSendsOnlyTheLaterOneOnRecovery() throws SchedulerException {
		UUID subscriber = UUID.randomUUID();
		subscribe(subscriber, SubscriptionStatus.CONFIRMED, Change.CONFIRMED, Instant.now());
		await().atMost(PATIENCE)
			.until(() -> this.jdbc.sql("select count(*) from audience_member where subscriber_id = ?")
				.param(subscriber)
				.query(Long.class)
				.single() == 1);
		Instant deadline = Instant.now().plusSeconds(60);
		this.scheduler.standby();
		try {
			publish(published(this.campaignId, deadline, before("58s", Duration.ofSeconds(58)),
					before("57s", Duration.ofSeconds(57))));
			await().atMost(PATIENCE).until(() -> !triggers().isEmpty());
			// Both waves fall due while no scheduler runs.
			await().atMost(PATIENCE).until(() -> Instant.now().isAfter(deadline.minusSeconds(56)));
		}
		finally {
			this.scheduler.start();
		}

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(dispatchStates())
				.containsExactlyInAnyOrderEntriesOf(Map.of("58s", "SKIPPED", "57s", "FINISHED")));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(waveMessages(subscriber)).extracting(ReminderRequested::messageKey)
				.containsExactly("wave:57s"));
		// Its goodbye would fire during a later test.
		publish(campaign(this.campaignId, Status.CLOSED, deadline, Instant.now()));
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(triggers()).isEmpty());
	}

	@Test
	void changedDefinitionReschedulesAndClosingUnschedules() {
		Instant deadline = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
		Instant published = Instant.now();
		publish(campaign(this.campaignId, Status.PUBLISHED, deadline, published, before("2h", Duration.ofHours(2)),
				before("1h", Duration.ofHours(1))));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(triggers())
				.containsExactlyInAnyOrderEntriesOf(Map.of("wave:2h", deadline.minus(Duration.ofHours(2)), "wave:1h",
						deadline.minus(Duration.ofHours(1)), "goodbye", deadline)));

		Instant moved = deadline.plus(Duration.ofDays(1));
		publish(campaign(this.campaignId, Status.PUBLISHED, moved, published.plusSeconds(1),
				before("3h", Duration.ofHours(3)), before("2h", Duration.ofHours(2))));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(triggers()).containsExactlyInAnyOrderEntriesOf(Map.of("wave:3h",
					moved.minus(Duration.ofHours(3)), "wave:2h", moved.minus(Duration.ofHours(2)), "goodbye", moved)));

		publish(campaign(this.campaignId, Status.CLOSED, moved, published.plusSeconds(2)));
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(triggers()).isEmpty());
		assertThat(dispatchStates()).isEmpty();
	}

	@Test
	void invalidDefinitionIsDeadLetteredWithItsReasonAndNothingIsApplied() throws SchedulerException {
		Instant deadline = Instant.now().plus(Duration.ofDays(1));
		try (TopicReader<byte[]> deadLetters = TopicReader.raw(Topics.deadLetterOf(Topics.CAMPAIGNS))) {
			publish(published(this.campaignId, deadline, before("1h", Duration.ofHours(1)),
					before("late", Duration.ofHours(-1))));

			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(deadLetters.withKey(this.campaignId.toString())).singleElement()
					.satisfies((deadLetter) -> {
						assertThat(header(deadLetter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)))
							.isEqualTo(InvalidEventException.class.getName());
						assertThat(header(deadLetter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE)))
							.contains("'late'")
							.contains("not before the deadline");
					}));
		}
		assertThat(this.jdbc.sql("select count(*) from campaign where id = ?")
			.param(this.campaignId)
			.query(Long.class)
			.single()).isZero();
		assertThat(triggers()).isEmpty();
	}

	private void subscribe(UUID subscriberId, SubscriptionStatus status, Change change, Instant confirmedAt) {
		this.writer.send(Topics.SUBSCRIBERS, subscriberId.toString(),
				change(subscriberId, this.campaignId, status, change, confirmedAt, Instant.now()));
	}

	private void publish(CampaignPublished campaign) {
		this.writer.send(Topics.CAMPAIGNS, this.campaignId.toString(), campaign);
	}

	/** The wave reminders and goodbyes a subscriber was sent, in order. */
	private List<ReminderRequested> waveMessages(UUID subscriberId) {
		return this.reminders.valuesWithKey(subscriberId.toString())
			.stream()
			.map(ReminderRequested.class::cast)
			.filter((reminder) -> reminder.kind() != MessageKind.WELCOME && reminder.kind() != MessageKind.CONFIRMATION)
			.toList();
	}

	/** The campaign's triggers by name (its wave's message key) and fire time. */
	private Map<String, Instant> triggers() throws SchedulerException {
		List<? extends Trigger> triggers = this.scheduler.getTriggersOfJob(WaveTriggers.jobKey(this.campaignId));
		return triggers.stream()
			.collect(Collectors.toMap((trigger) -> trigger.getKey().getName().substring(37),
					(trigger) -> trigger.getStartTime().toInstant()));
	}

	private Map<String, String> dispatchStates() {
		return this.jdbc.sql("select wave_key, state from wave_dispatch where campaign_id = ?")
			.param(this.campaignId)
			.query()
			.listOfRows()
			.stream()
			.collect(Collectors.toMap((row) -> (String) row.get("wave_key"), (row) -> (String) row.get("state")));
	}

	private static String header(Header header) {
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}

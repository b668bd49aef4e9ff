package nl.tijdig.scheduler.fanout;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.WaveProgressed;
import nl.tijdig.scheduler.SchedulerIntegrationTest;
import nl.tijdig.scheduler.TestSubscriptions;
import nl.tijdig.testinfra.TopicWriter;
import nl.tijdig.testinfra.PrometheusScrape;
import nl.tijdig.testinfra.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static nl.tijdig.scheduler.TestCampaigns.before;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The fan-out against the real database and broker, driven directly rather than by
 * Quartz: Quartz allows one scheduler of a name per JVM, so a second instance is played
 * by a second thread firing the same campaign's job at the same moment. The campaign and
 * audience rows are written as their projections would write them, without triggers, so
 * only the test fires.
 */
@SchedulerIntegrationTest
class FanOutIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final UUID campaignId = UUID.randomUUID();

	@Autowired
	private FanOut fanOut;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JsonMapper json;

	@LocalServerPort
	private int port;

	private TopicReader<Object> reminders;

	@BeforeEach
	void connect() {
		this.reminders = TopicReader.events(Topics.REMINDERS);
	}

	@AfterEach
	void disconnect() {
		this.reminders.close();
	}

	@Test
	void twoInstancesFiringTheSameWaveAtOnceDispatchItOnce() throws Exception {
		Instant now = Instant.now();
		givenCampaign(now.plus(Duration.ofHours(1)), before("2h", Duration.ofHours(2)));
		List<UUID> audience = givenConfirmed(120);
		CyclicBarrier together = new CyclicBarrier(3);

		List<CompletableFuture<Void>> fires = IntStream.range(0, 3)
			.mapToObj((instance) -> CompletableFuture.runAsync(() -> {
				join(together);
				this.fanOut.run(this.campaignId, now);
			}))
			.toList();
		CompletableFuture.allOf(fires.toArray(CompletableFuture[]::new)).get();
		// And a retry after all of them.
		this.fanOut.run(this.campaignId, now);

		assertThat(reminderCounts(audience)).containsOnlyKeys(audience)
			.allSatisfy((subscriber, count) -> assertThat(count).isOne());
		assertThat(dispatch("2h")).containsEntry("state", "FINISHED").containsEntry("sent", 120L);
		assertThat(reminderValues()).allSatisfy((reminder) -> {
			assertThat(reminder.kind()).isEqualTo(MessageKind.DEADLINE_DAY);
			assertThat(reminder.messageKey()).isEqualTo("wave:2h");
			assertThat(reminder.waveKey()).isEqualTo("2h");
		});
	}

	@Test
	void fanOutStoppedHalfWayResumesWithEverySubscriberOnce() {
		Instant now = Instant.now();
		givenCampaign(now.plus(Duration.ofHours(1)), before("2h", Duration.ofHours(2)),
				before("3h", Duration.ofHours(3)));
		List<UUID> audience = givenConfirmed(7);
		this.fanOut.decide(this.campaignId, now);
		// Two committed batches of three, then the instance dies.
		assertThat(this.fanOut.batch(this.campaignId, "2h", 3)).isTrue();
		assertThat(this.fanOut.batch(this.campaignId, "2h", 3)).isTrue();
		assertThat(dispatch("2h")).containsEntry("state", "STARTED")
			.containsEntry("sent", 6L)
			.containsEntry("last_subscriber_id", audience.get(5));

		// The next fire (Quartz's recovery of the job, or any later trigger) resumes it.
		this.fanOut.run(this.campaignId, Instant.now());

		assertThat(reminderCounts(audience)).containsOnlyKeys(audience)
			.allSatisfy((subscriber, count) -> assertThat(count).isOne());
		assertThat(dispatch("2h")).containsEntry("state", "FINISHED").containsEntry("sent", 7L);
		// The 3h wave was missed while 2h was due: skipped, never sent.
		assertThat(dispatch("3h")).containsEntry("state", "SKIPPED");
		try (TopicReader<Object> waves = TopicReader.events(Topics.WAVES)) {
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(waves.valuesWithKey(this.campaignId.toString()))
					.extracting("waveKey", "phase", "count")
					.containsExactly(tuple("2h", WaveProgressed.Phase.STARTED, 0L),
							tuple("2h", WaveProgressed.Phase.FANNED_OUT, 3L),
							tuple("2h", WaveProgressed.Phase.FANNED_OUT, 6L),
							tuple("2h", WaveProgressed.Phase.FANNED_OUT, 7L),
							tuple("2h", WaveProgressed.Phase.FINISHED, 7L)));
		}
	}

	@Test
	void pageLeftInFlightByARunThatDiedIsSentAgainFromTheCheckpointOnceStalled() {
		Instant now = Instant.now();
		givenCampaign(now.plus(Duration.ofHours(1)), before("2h", Duration.ofHours(2)));
		List<UUID> audience = givenConfirmed(7);
		this.fanOut.decide(this.campaignId, now);
		assertThat(this.fanOut.batch(this.campaignId, "2h", 3)).isTrue();
		// A run sent the next page and died before Kafka acknowledged it (the broker lost
		// it, say): the checkpoint stays at the first page.
		this.jdbc.sql("update wave_dispatch set requested_through = ? where campaign_id = ? and wave_key = '2h'")
			.params(audience.get(5), this.campaignId)
			.update();

		// Another fire leaves the page in flight to its sender.
		this.fanOut.run(this.campaignId, Instant.now());
		assertThat(dispatch("2h")).containsEntry("state", "STARTED")
			.containsEntry("sent", 3L)
			.containsEntry("last_subscriber_id", audience.get(2))
			.containsEntry("requested_through", audience.get(5));

		// Once it has not moved for a while, the sweep sends the rest from the
		// checkpoint.
		this.jdbc.sql("update wave_dispatch set progressed_at = now() - interval '1 minute' where campaign_id = ?")
			.param(this.campaignId)
			.update();
		this.fanOut.resume(this.campaignId, "2h", Duration.ofSeconds(30));

		assertThat(reminderCounts(audience)).containsOnlyKeys(audience)
			.allSatisfy((subscriber, count) -> assertThat(count).isOne());
		assertThat(dispatch("2h")).containsEntry("state", "FINISHED")
			.containsEntry("sent", 7L)
			.containsEntry("requested_through", audience.get(6));
	}

	@Test
	void subscriberWhoConfirmsOrLeavesDuringTheFanOutIsNotSentTheWave() {
		Instant now = Instant.now();
		givenCampaign(now.plus(Duration.ofHours(1)), before("2h", Duration.ofHours(2)));
		List<UUID> audience = givenConfirmed(4);
		this.fanOut.decide(this.campaignId, now);
		this.fanOut.batch(this.campaignId, "2h", 2);
		// Both ahead of the cursor: one confirms now, after the wave started; one
		// unsubscribes.
		UUID lateJoiner = UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff");
		insertMember(lateJoiner, "CONFIRMED", Instant.now().plusMillis(1));
		this.jdbc.sql("update audience_member set status = 'UNSUBSCRIBED' where subscriber_id = ?")
			.param(audience.get(3))
			.update();

		this.fanOut.run(this.campaignId, Instant.now());

		assertThat(reminderCounts(audience.subList(0, 3))).containsOnlyKeys(audience.subList(0, 3));
	}

	@Test
	void lateJoinerGetsOnlyTheWavesStillAhead() {
		Instant now = Instant.now();
		givenCampaign(now.plus(Duration.ofHours(3)), before("4h", Duration.ofHours(4)),
				before("150m", Duration.ofMinutes(150)));
		List<UUID> early = givenConfirmed(2);
		this.fanOut.run(this.campaignId, now);
		UUID lateJoiner = UUID.randomUUID();
		insertMember(lateJoiner, "CONFIRMED", Instant.now());

		// The next wave's fire, half an hour on.
		this.fanOut.run(this.campaignId, now.plus(Duration.ofMinutes(31)));

		List<UUID> everyone = new ArrayList<>(early);
		everyone.add(lateJoiner);
		assertThat(reminderCounts(everyone)).containsEntry(lateJoiner, 1L)
			.containsEntry(early.get(0), 2L)
			.containsEntry(early.get(1), 2L);
		assertThat(reminderValues()).filteredOn((reminder) -> reminder.subscriberId().equals(lateJoiner))
			.extracting(ReminderRequested::messageKey)
			.containsExactly("wave:150m");
	}

	@Test
	void confirmationSeenOnlyAfterTheFanOutPassedGetsTheWaveItBelongedTo() {
		Instant now = Instant.now();
		givenCampaign(now.plus(Duration.ofHours(1)), before("2h", Duration.ofHours(2)));
		givenConfirmed(2);
		this.fanOut.run(this.campaignId, now);
		// Confirmed before the wave started, but the event arrives after its fan-out.
		UUID lagging = UUID.randomUUID();
		// Confirmed after the wave started: a late joiner.
		UUID late = UUID.randomUUID();
		try (TopicWriter writer = new TopicWriter()) {
			writer.send(Topics.SUBSCRIBERS, lagging.toString(), TestSubscriptions.change(lagging, this.campaignId,
					SubscriptionStatus.CONFIRMED, Change.CONFIRMED, now.minusSeconds(60), Instant.now()));
			writer.send(Topics.SUBSCRIBERS, late.toString(), TestSubscriptions.change(late, this.campaignId,
					SubscriptionStatus.CONFIRMED, Change.CONFIRMED, Instant.now(), Instant.now()));
		}

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.reminders.valuesWithKey(lagging.toString())).extracting("messageKey")
				.containsExactly("welcome", "wave:2h"));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.reminders.valuesWithKey(late.toString())).extracting("messageKey")
				.containsExactly("welcome"));
	}

	@Test
	void missedWavesOnRecoverySendOnlyTheLatestDueOne() {
		Instant now = Instant.now();
		// Down across the 3h and the 2h waves; the 1h wave is still ahead.
		givenCampaign(now.plus(Duration.ofMinutes(90)), before("3h", Duration.ofHours(3)),
				before("2h", Duration.ofHours(2)), before("1h", Duration.ofHours(1)));
		List<UUID> audience = givenConfirmed(2);

		this.fanOut.run(this.campaignId, now);

		assertThat(dispatch("3h")).containsEntry("state", "SKIPPED");
		assertThat(dispatch("2h")).containsEntry("state", "FINISHED");
		assertThat(dispatch("1h")).isEmpty();
		assertThat(reminderCounts(audience)).containsOnlyKeys(audience);
		assertThat(reminderValues()).extracting(ReminderRequested::messageKey).containsOnly("wave:2h");
	}

	@Test
	void afterTheDeadlineOnlyTheGoodbyeGoesOut() {
		Instant now = Instant.now();
		givenCampaign(now.minus(Duration.ofMinutes(1)), before("1h", Duration.ofHours(1)));
		List<UUID> audience = givenConfirmed(2);

		this.fanOut.run(this.campaignId, now);

		assertThat(dispatch("1h")).containsEntry("state", "SKIPPED");
		assertThat(dispatch("goodbye")).containsEntry("state", "FINISHED");
		assertThat(reminderCounts(audience)).containsOnlyKeys(audience);
		assertThat(reminderValues()).allSatisfy((reminder) -> {
			assertThat(reminder.kind()).isEqualTo(MessageKind.GOODBYE);
			assertThat(reminder.messageKey()).isEqualTo("goodbye");
			assertThat(reminder.waveKey()).isNull();
		});
	}

	@Test
	void waveStartedBeforeTheDeadlineStopsAtIt() {
		Instant now = Instant.now();
		givenCampaign(now.plus(Duration.ofHours(1)), before("2h", Duration.ofHours(2)));
		givenConfirmed(3);
		this.fanOut.decide(this.campaignId, now);
		this.fanOut.batch(this.campaignId, "2h", 1);
		// The deadline moves to the past before the fan-out resumes.
		this.jdbc.sql("update campaign set deadline = ? where id = ?")
			.params(now.minusSeconds(1).atOffset(ZoneOffset.UTC), this.campaignId)
			.update();

		assertThat(this.fanOut.batch(this.campaignId, "2h", 1)).isFalse();

		assertThat(dispatch("2h")).containsEntry("state", "STOPPED").containsEntry("sent", 1L);
	}

	@Test
	void fanOutProgressIsCountedForPrometheus() {
		Instant now = Instant.now();
		givenCampaign(now.plus(Duration.ofHours(1)), before("2h", Duration.ofHours(2)));
		givenConfirmed(5);
		Map<String, String> campaign = Map.of("campaign", this.campaignId.toString());
		Map<String, String> requested = Map.of("campaign", this.campaignId.toString(), "kind", "DEADLINE_DAY");
		Map<String, String> started = Map.of("campaign", this.campaignId.toString(), "phase", "STARTED");
		Map<String, String> finished = Map.of("campaign", this.campaignId.toString(), "phase", "FINISHED");
		PrometheusScrape before = PrometheusScrape.of(this.port);

		// Started, one batch of two, then the instance stops for a moment.
		this.fanOut.decide(this.campaignId, now);
		assertThat(this.fanOut.batch(this.campaignId, "2h", 2)).isTrue();
		PrometheusScrape halfWay = PrometheusScrape.of(this.port);
		// The rest in one batch of the configured size, which finishes the wave.
		this.fanOut.run(this.campaignId, Instant.now());
		PrometheusScrape after = PrometheusScrape.of(this.port);

		assertThat(moved(before, halfWay, "tijdig_scheduler_reminders_requested_total", requested)).isEqualTo(2);
		assertThat(moved(before, after, "tijdig_scheduler_reminders_requested_total", requested)).isEqualTo(5);
		assertThat(moved(before, halfWay, "tijdig_scheduler_waves_total", started)).isEqualTo(1);
		assertThat(moved(before, halfWay, "tijdig_scheduler_waves_total", finished)).isZero();
		assertThat(moved(before, after, "tijdig_scheduler_waves_total", started)).isEqualTo(1);
		assertThat(moved(before, after, "tijdig_scheduler_waves_total", finished)).isEqualTo(1);
		assertThat(moved(before, after, "tijdig_scheduler_fanout_batch_seconds_count", campaign)).isEqualTo(2);
		// Buckets, so that Prometheus can compute percentiles.
		assertThat(moved(before, after, "tijdig_scheduler_fanout_batch_seconds_bucket",
				Map.of("campaign", this.campaignId.toString(), "le", "+Inf")))
			.isEqualTo(2);
		assertThat(after.labelValues("tijdig_scheduler_fanout_batch_seconds_bucket", campaign, "le"))
			.hasSizeGreaterThan(10);
		// The wave was due an hour before it started.
		assertThat(moved(before, after, "tijdig_scheduler_wave_start_delay_seconds_count", campaign)).isEqualTo(1);
		assertThat(moved(before, after, "tijdig_scheduler_wave_start_delay_seconds_sum", campaign)).isBetween(3590.0,
				3610.0);
		assertThat(after.labelValues("tijdig_scheduler_wave_start_delay_seconds_bucket", campaign, "le"))
			.hasSizeGreaterThan(10);
		// The gauge counts every campaign's waves in the shared database: compare.
		assertThat(moved(before, halfWay, "tijdig_scheduler_waves_in_progress", Map.of())).isEqualTo(1);
		assertThat(moved(before, after, "tijdig_scheduler_waves_in_progress", Map.of())).isZero();
	}

	private static double moved(PrometheusScrape before, PrometheusScrape after, String series,
			Map<String, String> labels) {
		return after.value(series, labels) - before.value(series, labels);
	}

	private void givenCampaign(Instant deadline, Wave... waves) {
		this.jdbc.sql("""
				insert into campaign (id, status, deadline, time_zone, waves, last_event_time)
				values (?, 'PUBLISHED', ?, 'Europe/Amsterdam', cast(? as jsonb), now())
				""")
			.params(this.campaignId, deadline.atOffset(ZoneOffset.UTC), this.json.writeValueAsString(List.of(waves)))
			.update();
	}

	/** Confirmed a minute ago, in the order the fan-out pages them. */
	private List<UUID> givenConfirmed(int count) {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			UUID id = UUID.randomUUID();
			insertMember(id, "CONFIRMED", Instant.now().minus(Duration.ofMinutes(1)));
			ids.add(id);
		}
		return this.jdbc.sql("select subscriber_id from audience_member where campaign_id = ? order by subscriber_id")
			.param(this.campaignId)
			.query(UUID.class)
			.list()
			.stream()
			.filter(ids::contains)
			.toList();
	}

	private void insertMember(UUID subscriberId, String status, Instant confirmedAt) {
		this.jdbc
			.sql("""
					insert into audience_member (subscriber_id, campaign_id, status, language, confirmed_at, last_event_time)
					values (?, ?, ?, 'NL', ?, now())
					""")
			.params(subscriberId, this.campaignId, status,
					confirmedAt.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC))
			.update();
	}

	private Map<String, Object> dispatch(String waveKey) {
		return this.jdbc.sql("select * from wave_dispatch where campaign_id = ? and wave_key = ?")
			.params(this.campaignId, waveKey)
			.query()
			.listOfRows()
			.stream()
			.findFirst()
			.orElse(Map.of());
	}

	/**
	 * How many reminders of this campaign each subscriber got, once the outbox is empty:
	 * then everything the fan-out requested is on the topic.
	 */
	private Map<UUID, Long> reminderCounts(List<UUID> expected) {
		await().atMost(PATIENCE)
			.until(() -> this.jdbc.sql("select count(*) from outbox_event").query(Long.class).single() == 0);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(reminderValues()).extracting(ReminderRequested::subscriberId)
				.containsAll(expected));
		return reminderValues().stream()
			.collect(Collectors.groupingBy(ReminderRequested::subscriberId, Collectors.counting()));
	}

	private List<ReminderRequested> reminderValues() {
		this.reminders.all();
		return this.reminders.all()
			.stream()
			.map((record) -> record.value())
			.filter(ReminderRequested.class::isInstance)
			.map(ReminderRequested.class::cast)
			.filter((reminder) -> reminder.campaignId().equals(this.campaignId))
			.filter((reminder) -> reminder.kind() != MessageKind.WELCOME)
			.toList();
	}

	private static void join(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}

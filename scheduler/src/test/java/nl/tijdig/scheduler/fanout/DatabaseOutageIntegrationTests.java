package nl.tijdig.scheduler.fanout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.scheduler.SchedulerIntegrationTest;
import nl.tijdig.scheduler.TestCampaigns;
import nl.tijdig.testinfra.TopicWriter;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.testinfra.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import static nl.tijdig.scheduler.TestCampaigns.before;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A wave fired by the real Quartz loses its database half-way: every connection of the
 * {@code tijdig} database is terminated and new ones are refused, as in a failover. The
 * fan-out fails, and so does its retry through Quartz's job store, which lives in the
 * same database. Once the database is back the wave must still reach everyone, once.
 * <p>
 * To interrupt it at a known point, a trigger on {@code wave_dispatch} makes the second
 * batch's checkpoint wait for an advisory lock this test holds; the outage then kills
 * that transaction, which had sent the third batch while the second was in flight; the
 * last subscriber was not requested yet. The second and third batches' requests were
 * already acknowledged by Kafka, so they go out again on recovery, under the same ids:
 * the notifier claims each (subscriber, message) once and refuses the second, so "once"
 * here means one id per subscriber, and a repeat only of the batches after the
 * checkpoint.
 */
@SchedulerIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageIntegrationTests {

	private static final long HOLD = 4_711_042L;

	private final UUID campaignId = UUID.randomUUID();

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private FanOutProperties properties;

	private Connection holder;

	private Connection admin;

	private TopicReader<Object> reminders;

	@BeforeEach
	void connect() throws SQLException {
		Infrastructure infrastructure = Infrastructure.shared();
		this.holder = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUsername(),
				infrastructure.jdbcPassword());
		// Outside the database that goes away, to bring it back.
		this.admin = DriverManager.getConnection(infrastructure.jdbcUrl().replaceFirst("/tijdig$", "/postgres"),
				infrastructure.jdbcUsername(), infrastructure.jdbcPassword());
		this.reminders = TopicReader.events(Topics.REMINDERS);
	}

	@AfterEach
	void restoreAndDisconnect() throws SQLException {
		try {
			restore();
		}
		finally {
			this.reminders.close();
			this.holder.close();
			this.admin.close();
		}
	}

	@Test
	void waveInterruptedByADatabaseOutageReachesEverySubscriberOnceWhenItIsBack(CapturedOutput output)
			throws SQLException {
		int batch = this.properties.batchSize();
		List<UUID> audience = givenConfirmed(3 * batch + 1);
		holdSecondBatch(batch);
		Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
		try (TopicWriter writer = new TopicWriter()) {
			// Due a few seconds from now; the goodbye is far beyond this test.
			writer.send(Topics.CAMPAIGNS, this.campaignId.toString(), TestCampaigns.published(this.campaignId, deadline,
					before("now", Duration.between(Instant.now().plusSeconds(3), deadline))));
		}
		// The first batch committed and was relayed; the second waits at its checkpoint.
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(this.jdbc.sql("select sent from wave_dispatch where campaign_id = ?")
				.param(this.campaignId)
				.query(Long.class)
				.optional()).contains((long) batch);
			assertThat(this.jdbc.sql("select count(*) from pg_locks where locktype = 'advisory' and not granted")
				.query(Long.class)
				.single()).isPositive();
			assertThat(this.jdbc.sql("select count(*) from outbox_event").query(Long.class).single()).isZero();
		});

		execute(this.admin, "alter database tijdig allow_connections false");
		execute(this.admin, "select pg_terminate_backend(pid) from pg_stat_activity where datname = 'tijdig' "
				+ "and pid <> " + backendPid(this.holder));
		// The fan-out failed, and its retry could not be stored in Quartz's tables.
		await().atMost(Duration.ofSeconds(90))
			.until(() -> output.getOut().contains("Could not schedule a retry of campaign " + this.campaignId));
		restore();

		await().atMost(Duration.ofSeconds(120))
			.untilAsserted(() -> assertThat(reminders()).containsOnlyKeys(audience)
				.allSatisfy((subscriber, requests) -> assertThat(requests).as("reminders to %s", subscriber)
					.extracting(ReminderRequested::id)
					.containsOnly(requests.get(0).id())));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.jdbc.sql("select state from wave_dispatch where campaign_id = ?")
				.param(this.campaignId)
				.query(String.class)
				.single()).isEqualTo("FINISHED"));
		Map<UUID, List<ReminderRequested>> reminders = reminders();
		assertThat(reminders.values().stream().mapToLong(List::size).sum())
			.as("records on the topic: the audience and at most the batches after the checkpoint again")
			.isBetween((long) audience.size(), (long) audience.size() + 2 * batch);
		assertThat(reminders.values().stream().map((requests) -> requests.get(0).id()).distinct())
			.hasSize(audience.size());
	}

	private List<UUID> givenConfirmed(int count) {
		this.jdbc
			.sql("""
					insert into audience_member (subscriber_id, campaign_id, status, language, confirmed_at, last_event_time)
					select gen_random_uuid(), ?, 'CONFIRMED', 'NL', now() - interval '1 minute', now()
					from generate_series(1, ?)
					""")
			.params(this.campaignId, count)
			.update();
		return this.jdbc.sql("select subscriber_id from audience_member where campaign_id = ?")
			.param(this.campaignId)
			.query(UUID.class)
			.list();
	}

	/**
	 * The checkpoint after the first batch of this campaign's wave waits for the test.
	 */
	private void holdSecondBatch(int batch) throws SQLException {
		execute(this.holder, "select pg_advisory_lock(" + HOLD + ")");
		execute(this.holder, """
				create or replace function scheduler.hold_fan_out() returns trigger language plpgsql as $$
				begin
					perform pg_advisory_xact_lock(%d);
					return new;
				end $$
				""".formatted(HOLD));
		execute(this.holder, """
				create trigger hold_fan_out before update on scheduler.wave_dispatch for each row
				when (old.campaign_id = '%s' and old.sent >= %d) execute function scheduler.hold_fan_out()
				""".formatted(this.campaignId, batch));
	}

	private void restore() throws SQLException {
		execute(this.admin, "alter database tijdig allow_connections true");
		execute(this.holder, "drop trigger if exists hold_fan_out on scheduler.wave_dispatch");
		execute(this.holder, "drop function if exists scheduler.hold_fan_out()");
		execute(this.holder, "select pg_advisory_unlock_all()");
	}

	private Map<UUID, List<ReminderRequested>> reminders() {
		return this.reminders.all()
			.stream()
			.map((record) -> record.value())
			.filter(ReminderRequested.class::isInstance)
			.map(ReminderRequested.class::cast)
			.filter((reminder) -> reminder.campaignId().equals(this.campaignId))
			.filter((reminder) -> "wave:now".equals(reminder.messageKey()))
			.collect(Collectors.groupingBy(ReminderRequested::subscriberId));
	}

	private static int backendPid(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				var result = statement.executeQuery("select pg_backend_pid()")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}

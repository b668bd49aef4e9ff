package nl.tijdig.systemtests;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier slower than its own time limits, twice in one wave, with no process
 * failing.
 * <p>
 * A consumer slower than {@code max.poll.interval.ms}: the reminder listener never waits
 * for the relay, so what makes it slow is its database. A transaction of the test's own
 * holds the delivery log's keys of a few of the wave's messages, as a long statement or
 * an operator's session might, so the listener's claim of a poll's batch waits in the
 * middle for longer than {@code max.poll.interval.ms} (4 s here): the consumer is put out
 * of its group and the other consumer of the instance takes its partitions and reads the
 * same records again, while the first one's claims are still open. When the lock goes,
 * every message is claimed once, and the first consumer's offsets no longer count.
 * <p>
 * A lease outliving a slow relay: the relay answers one connection, one sending thread's,
 * 1.5 s late for several messages (under the 2 s read timeout), so that thread's batch
 * takes longer than its 3 s lease. The other thread takes the rows whose lease ran out;
 * the slow thread, when it comes to them, finds that they are no longer its own and sends
 * none of them. So that the slow thread's batch is a full one whatever the timing, the
 * campaign's sending is held (as the complaint breaker holds it) while the wave is
 * claimed, and let go at once when the relay has turned slow: the first thread to take
 * then takes a whole batch, and is the first to bring the relay a message.
 */
class SlowNotifierSystemTests {

	/** Longer than a poll's batch takes when nothing is in its way. */
	private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(4);

	/** Longer than the relay's late reply, shorter than three of them. */
	private static final Duration LEASE = Duration.ofSeconds(3);

	private static final Duration SLOW_REPLY = Duration.ofMillis(1500);

	/** Messages the relay answers late on the slow connection. */
	private static final int SLOW_MESSAGES = 6;

	/** Subscribers whose wave message's claim waits on the test's lock. */
	private static final int LOCKED = 3;

	/** What the Kafka client logs when its consumer leaves the group for being slow. */
	private static final String POLL_TIMEOUT = "consumer poll timeout has expired";

	/** What the notifier logs when it finds that a row it took is no longer its own. */
	private static final String NO_LONGER_OURS = "No longer ours, not sending";

	@Test
	void aConsumerSlowerThanItsPollIntervalAndALeaseOutlivedByASlowRelaySendNothingTwice() {
		Scenario.run(8, "slow-notifier",
				"a claim held up past max.poll.interval.ms (rebalance mid-batch), a relay slower than the sending lease",
				Scenario.Shape.DEFAULT.withNotifierSettings("--tijdig.notifier.smtp.lease=" + LEASE.toSeconds() + "s",
						"--spring.kafka.consumer.properties.max.poll.interval.ms=" + MAX_POLL_INTERVAL.toMillis(),
						// A second consumer in the instance, to take the partitions over.
						"--spring.kafka.listener.concurrency=2"),
				SlowNotifierSystemTests::slowDown);
	}

	private static Duration slowDown(Platform platform, CampaignRun campaign, CampaignRun.Wave wave, Random random) {
		Service notifier = platform.notifier();
		// The relay's slowness is for the wave: it strikes the next connection that
		// brings a message.
		while (campaign.received("welcome") < campaign.audience() && Instant.now().isBefore(wave.dueAt())) {
			Service.sleep(100);
		}
		// Among the first quarter the fan-out requests (it goes by id), so that much of
		// the wave queues up behind them on their partitions.
		List<UUID> early = campaign.database().queryPatiently("""
				select id from reminder_api.subscriber where campaign_id = ? and status = 'CONFIRMED'
				order by id limit ?
				""", (row) -> row.getObject(1, UUID.class), campaign.campaignId(), campaign.audience() / 4);
		List<UUID> locked = new ArrayList<>(early.subList(1, early.size()));
		Collections.shuffle(locked, random);
		locked = locked.subList(0, LOCKED);
		long pollTimeoutsBefore = notifier.linesContaining(POLL_TIMEOUT);
		long notOursBefore = notifier.linesContaining(NO_LONGER_OURS);
		Instant released;
		try (Connection lock = campaign.database().connect()) {
			holdSending(campaign, true);
			lock.setAutoCommit(false);
			holdClaims(lock, campaign, wave, locked);
			long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			int waiting = 0;
			while (notifier.linesContaining(POLL_TIMEOUT) == pollTimeoutsBefore && System.nanoTime() < until) {
				waiting = Math.max(waiting, claimsWaitingForALock(campaign));
				Service.sleep(250);
			}
			waiting = Math.max(waiting, claimsWaitingForALock(campaign));
			// Long enough for the other consumer to read the records again and wait too.
			Service.sleep(2000);
			lock.rollback();
			released = Instant.now();
			awaitClaimed(campaign, wave, Duration.ofSeconds(30));
			// The first connection to bring a message is slow, and its thread, the first
			// to take, holds a full batch.
			platform.smtp().slowConnection(SLOW_REPLY, SLOW_MESSAGES);
			holdSending(campaign, false);
			System.out.printf("claims of %d subscribers held for %d ms; %d claim statements waited; %d poll timeouts%n",
					LOCKED, Duration.between(wave.dueAt(), released).toMillis(), waiting,
					notifier.linesContaining(POLL_TIMEOUT) - pollTimeoutsBefore);
			assertThat(waiting).as("claims of the notifier waiting on the test's lock").isPositive();
			assertThat(notifier.linesContaining(POLL_TIMEOUT)).as("a consumer put out of its group mid-batch")
				.isGreaterThan(pollTimeoutsBefore);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot hold the delivery log's keys", ex);
		}
		Duration recovery = Scenario.awaitWave(campaign, wave, released);
		long notOurs = notifier.linesContaining(NO_LONGER_OURS) - notOursBefore;
		System.out.printf("rows found no longer their sender's own: %d%n", notOurs);
		assertThat(notOurs).as("rows a live sender lost with its lease and did not send").isPositive();
		for (UUID subscriber : locked) {
			assertThat(campaign.copies(subscriber, wave.messageKey())).as("the wave to a subscriber whose claim waited")
				.isEqualTo(1);
		}
		return recovery;
	}

	/** Waits until the delivery log holds the wave's message for every subscriber. */
	private static void awaitClaimed(CampaignRun campaign, CampaignRun.Wave wave, Duration atMost) {
		long until = System.nanoTime() + atMost.toNanos();
		int claimed = 0;
		while (System.nanoTime() < until) {
			claimed = campaign.database().queryPatiently("""
					select count(*) from notifier.delivery where campaign_id = ? and message_key = ?
					""", (row) -> row.getInt(1), campaign.campaignId(), wave.messageKey()).get(0);
			if (claimed >= campaign.audience()) {
				return;
			}
			Service.sleep(200);
		}
		assertThat(claimed).as("the wave's messages claimed once the lock went").isEqualTo(campaign.audience());
	}

	/**
	 * Holds or lets go the campaign's sending, the way the complaint breaker's pause
	 * does: a sending thread takes nothing of a held campaign, while its messages are
	 * claimed as they come.
	 */
	private static void holdSending(CampaignRun campaign, boolean hold) throws SQLException {
		try (Connection connection = campaign.database().connect();
				PreparedStatement pause = connection.prepareStatement("""
						insert into notifier.campaign_sending (campaign_id, paused_since) values (?, %s)
						on conflict (campaign_id) do update set paused_since = excluded.paused_since
						""".formatted(hold ? "now()" : "null"))) {
			pause.setObject(1, campaign.campaignId());
			pause.executeUpdate();
		}
	}

	/**
	 * Inserts, without committing, the delivery log's rows of these subscribers' wave
	 * message: the listener's claim of them waits on the primary key until the
	 * transaction ends, and as it rolls back, leaves nothing behind.
	 */
	private static void holdClaims(Connection lock, CampaignRun campaign, CampaignRun.Wave wave, List<UUID> subscribers)
			throws SQLException {
		try (PreparedStatement insert = lock.prepareStatement("""
				insert into notifier.delivery (subscriber_id, message_key, campaign_id, kind, wave_key, request_id,
					requested_at, state, attempts, claimed_at, next_attempt_at)
				values (?, ?, ?, 'DEADLINE_DAY', ?, ?, now(), 'CLAIMED', 0, now(), now() + interval '1 day')
				""")) {
			for (UUID subscriber : subscribers) {
				insert.setObject(1, subscriber);
				insert.setString(2, wave.messageKey());
				insert.setObject(3, campaign.campaignId());
				insert.setString(4, wave.key());
				insert.setObject(5, UUID.randomUUID());
				insert.executeUpdate();
			}
		}
	}

	/** The notifier's statements that wait for a lock on the delivery log now. */
	private static int claimsWaitingForALock(CampaignRun campaign) {
		return campaign.database().queryPatiently("""
				select count(*) from pg_stat_activity
				where wait_event_type = 'Lock' and query like '%insert into delivery%' and pid <> pg_backend_pid()
				""", (row) -> row.getInt(1)).get(0);
	}

}

package nl.tijdig.scheduler.fanout;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.scheduler.wave.ScheduledWave;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code wave_dispatch} table: each wave of each campaign, handled once. */
@Repository
class WaveDispatches {

	private final JdbcClient jdbc;

	WaveDispatches(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Serialises the decisions about one campaign across threads and instances until the
	 * transaction ends, so two fires at a wave boundary cannot each see the other's wave
	 * as not yet handled.
	 */
	void lockCampaign(UUID campaignId) {
		this.jdbc.sql("select pg_advisory_xact_lock(hashtextextended('wave_dispatch:' || :campaignId, 0))")
			.param("campaignId", campaignId.toString())
			.query()
			.singleValue();
	}

	/** The keys of the waves of a campaign that were dispatched or skipped. */
	Set<String> handled(UUID campaignId) {
		return new HashSet<>(this.jdbc.sql("select wave_key from wave_dispatch where campaign_id = :campaignId")
			.param("campaignId", campaignId)
			.query(String.class)
			.list());
	}

	/**
	 * @return whether this call started it, i.e. nobody had before
	 */
	boolean start(UUID campaignId, ScheduledWave wave, Instant now) {
		return insert(campaignId, wave, State.STARTED, now) == 1;
	}

	void skip(UUID campaignId, ScheduledWave wave, Instant now) {
		insert(campaignId, wave, State.SKIPPED, now);
	}

	private int insert(UUID campaignId, ScheduledWave wave, State state, Instant now) {
		return this.jdbc.sql("""
				insert into wave_dispatch (campaign_id, wave_key, kind, state, due_at, started_at, finished_at)
				values (:campaignId, :waveKey, :kind, :state, :dueAt, :now, :finishedAt)
				on conflict (campaign_id, wave_key) do nothing
				""")
			.param("campaignId", campaignId)
			.param("waveKey", wave.key())
			.param("kind", wave.kind().name())
			.param("state", state.name())
			.param("dueAt", timestamp(wave.fireAt()))
			.param("now", timestamp(now))
			.param("finishedAt", (state == State.STARTED) ? null : timestamp(now))
			.update();
	}

	/** The keys of the fan-outs of a campaign that started and did not finish. */
	List<String> unfinished(UUID campaignId) {
		return this.jdbc.sql("""
				select wave_key from wave_dispatch where campaign_id = :campaignId and state = 'STARTED'
				order by due_at
				""").param("campaignId", campaignId).query(String.class).list();
	}

	/**
	 * The fan-outs, of every campaign, that started and have not moved for
	 * {@code stalledAfter} by the database's clock: their run failed or its instance
	 * died.
	 */
	List<Wave> stalled(Duration stalledAfter) {
		return this.jdbc.sql("""
				select campaign_id, wave_key from wave_dispatch
				where state = 'STARTED' and progressed_at <= now() - make_interval(secs => :seconds)
				order by due_at
				""")
			.param("seconds", stalledAfter.toMillis() / 1000.0)
			.query((row, rowNumber) -> new Wave(row.getObject("campaign_id", UUID.class), row.getString("wave_key")))
			.list();
	}

	/**
	 * Like {@link #lock}, but only a fan-out that is still stalled and whose row nobody
	 * holds: of several instances taking up the same stalled fan-out, one gets it, and a
	 * fan-out that moved meanwhile is left to whoever moved it.
	 */
	Optional<Dispatch> claimStalled(UUID campaignId, String waveKey, Duration stalledAfter) {
		return this.jdbc
			.sql("""
					select campaign_id, wave_key, kind, state, due_at, started_at, last_subscriber_id, requested_through, sent
					from wave_dispatch where campaign_id = :campaignId and wave_key = :waveKey
						and state = 'STARTED' and progressed_at <= now() - make_interval(secs => :seconds)
					for update skip locked
					""")
			.param("campaignId", campaignId)
			.param("waveKey", waveKey)
			.param("seconds", stalledAfter.toMillis() / 1000.0)
			.query(WaveDispatches::dispatch)
			.optional();
	}

	/** How many fan-outs, of every campaign, started and did not finish. */
	long inProgress() {
		return this.jdbc.sql("select count(*) from wave_dispatch where state = 'STARTED'").query(Long.class).single();
	}

	/**
	 * Reads a dispatch and locks its row until the transaction ends: one batch at a time
	 * per wave, however many threads or instances try.
	 */
	Optional<Dispatch> lock(UUID campaignId, String waveKey) {
		return this.jdbc
			.sql("""
					select campaign_id, wave_key, kind, state, due_at, started_at, last_subscriber_id, requested_through, sent
					from wave_dispatch where campaign_id = :campaignId and wave_key = :waveKey
					for update
					""")
			.param("campaignId", campaignId)
			.param("waveKey", waveKey)
			.query(WaveDispatches::dispatch)
			.optional();
	}

	/**
	 * The campaign's latest wave that was not skipped, locked like {@link #lock}, and
	 * whether its fan-out has already passed {@code subscriberId}: finished, or sent at
	 * or beyond that id (compared by PostgreSQL, in the order it pages), acknowledged or
	 * still in flight: the page in flight was read before this confirmation.
	 */
	Optional<Passed> lockLatest(UUID campaignId, UUID subscriberId) {
		return this.jdbc
			.sql("""
					select campaign_id, wave_key, kind, state, due_at, started_at, last_subscriber_id, requested_through, sent,
						state <> 'STARTED'
							or coalesce(:subscriberId <= coalesce(requested_through, last_subscriber_id), false) as passed
					from wave_dispatch where campaign_id = :campaignId and state <> 'SKIPPED'
					order by due_at desc limit 1
					for update
					""")
			.param("campaignId", campaignId)
			.param("subscriberId", subscriberId)
			.query((row, rowNumber) -> new Passed(dispatch(row, rowNumber), row.getBoolean("passed")))
			.optional();
	}

	/**
	 * Moves the checkpoint to what Kafka acknowledged, and records how far the requests
	 * went out beyond it (the page in flight, or the checkpoint itself when none is).
	 */
	void checkpoint(Dispatch dispatch, UUID lastSubscriberId, long sent, UUID requestedThrough) {
		this.jdbc.sql("""
				update wave_dispatch
				set last_subscriber_id = :last, sent = :sent, requested_through = :requestedThrough,
					progressed_at = now()
				where campaign_id = :campaignId and wave_key = :waveKey
				""")
			.param("last", lastSubscriberId)
			.param("sent", sent)
			.param("requestedThrough", requestedThrough)
			.param("campaignId", dispatch.campaignId())
			.param("waveKey", dispatch.waveKey())
			.update();
	}

	void finish(Dispatch dispatch, State state, Instant now) {
		this.jdbc.sql("""
				update wave_dispatch set state = :state, finished_at = :now
				where campaign_id = :campaignId and wave_key = :waveKey
				""")
			.param("state", state.name())
			.param("now", timestamp(now))
			.param("campaignId", dispatch.campaignId())
			.param("waveKey", dispatch.waveKey())
			.update();
	}

	private static Dispatch dispatch(ResultSet row, int rowNumber) throws SQLException {
		return new Dispatch(row.getObject("campaign_id", UUID.class), row.getString("wave_key"),
				MessageKind.valueOf(row.getString("kind")), State.valueOf(row.getString("state")),
				row.getObject("due_at", OffsetDateTime.class).toInstant(),
				row.getObject("started_at", OffsetDateTime.class).toInstant(),
				row.getObject("last_subscriber_id", UUID.class), row.getObject("requested_through", UUID.class),
				row.getLong("sent"));
	}

	// The PostgreSQL driver binds timestamptz as OffsetDateTime, not Instant.
	private static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	record Passed(Dispatch dispatch, boolean passed) {
	}

	/** Names one wave's dispatch. */
	record Wave(UUID campaignId, String waveKey) {
	}

	enum State {

		STARTED, FINISHED, SKIPPED, STOPPED

	}

	/**
	 * One wave's fan-out.
	 *
	 * @param startedAt when it started, which fixes its audience
	 * @param lastSubscriberId the checkpoint, {@code null} before the first batch
	 * @param requestedThrough the last subscriber whose request went out, acknowledged or
	 * not: beyond the checkpoint while a page is in flight
	 * @param sent how many reminders were requested and acknowledged so far
	 */
	record Dispatch(UUID campaignId, String waveKey, MessageKind kind, State state, Instant dueAt, Instant startedAt,
			UUID lastSubscriberId, UUID requestedThrough, long sent) {

		/** Whether a run has a page out that is not acknowledged, as far as committed. */
		boolean hasPageInFlight() {
			return this.requestedThrough != null && !this.requestedThrough.equals(this.lastSubscriberId);
		}

		boolean isGoodbye() {
			return this.kind == MessageKind.GOODBYE;
		}

		String messageKey() {
			return new ScheduledWave(this.waveKey, this.kind, this.dueAt).messageKey();
		}

		String reminderWaveKey() {
			return new ScheduledWave(this.waveKey, this.kind, this.dueAt).reminderWaveKey();
		}

		/**
		 * This wave's request for one subscriber. Its id follows from the subscriber, the
		 * campaign and the message, so a page sent again after a crash, or the same
		 * subscriber requested by {@code LateConfirmations}, carries the same id as
		 * before, and the notifier's claim of (subscriber, message) refuses it.
		 */
		ReminderRequested reminderFor(UUID subscriberId, long subscriptionVersion, Instant now) {
			String messageKey = messageKey();
			return new ReminderRequested(ReminderIds.of(this.campaignId, subscriberId, messageKey), now,
					ReminderRequested.SCHEMA_VERSION, subscriberId, this.campaignId, this.kind, messageKey,
					reminderWaveKey(), subscriptionVersion);
		}

	}

}

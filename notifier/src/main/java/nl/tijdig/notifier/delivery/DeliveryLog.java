package nl.tijdig.notifier.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.notifier.recipient.Recipients;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The table {@code delivery}: one row per (subscriber, message), whose primary key is
 * what makes sending at most once per message. Scheduling columns use the database's
 * clock, so that instances whose clocks differ still agree on leases and retries.
 * <p>
 * Longer than 300 lines on purpose: every statement on the table is here, so that the
 * conditions on state and claim token that keep a message from going out twice can be
 * read side by side.
 */
@Repository
class DeliveryLog {

	private final JdbcClient jdbc;

	DeliveryLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the message, in the caller's transaction, as due at once. A message claimed
	 * before, whatever its state, is left alone: a redelivered request sends nothing, and
	 * a claim left open by a process that died is taken again only once its lease expires
	 * (see {@link #takeDue}).
	 * @return whether this call claimed it
	 */
	boolean claim(ReminderRequested reminder, Instant now) {
		return this.jdbc.sql("""
				insert into delivery (subscriber_id, message_key, campaign_id, kind, wave_key, request_id,
					requested_at, state, attempts, claimed_at, next_attempt_at)
				values (:subscriberId, :messageKey, :campaignId, :kind, :waveKey, :requestId, :requestedAt,
					'CLAIMED', 0, :now, now())
				on conflict (subscriber_id, message_key) do nothing
				""")
			.param("subscriberId", reminder.subscriberId())
			.param("messageKey", reminder.messageKey())
			.param("campaignId", reminder.campaignId())
			.param("kind", reminder.kind().name())
			.param("waveKey", reminder.waveKey())
			.param("requestId", reminder.id())
			.param("requestedAt", Timestamp.from(reminder.time()))
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/**
	 * {@link #claim} for many requests in one statement.
	 * @return the requests this call claimed, as {@code subscriber id/message key}; of
	 * two requests for the same message, the first
	 */
	Set<Key> claimAll(List<ReminderRequested> reminders, Instant now) {
		Set<Key> claimed = new HashSet<>();
		if (reminders.isEmpty()) {
			return claimed;
		}
		int size = reminders.size();
		String[] subscribers = new String[size];
		String[] messageKeys = new String[size];
		String[] campaigns = new String[size];
		String[] kinds = new String[size];
		String[] waves = new String[size];
		String[] requests = new String[size];
		String[] times = new String[size];
		for (int i = 0; i < size; i++) {
			ReminderRequested reminder = reminders.get(i);
			subscribers[i] = reminder.subscriberId().toString();
			messageKeys[i] = reminder.messageKey();
			campaigns[i] = reminder.campaignId().toString();
			kinds[i] = reminder.kind().name();
			waves[i] = reminder.waveKey();
			requests[i] = reminder.id().toString();
			times[i] = reminder.time().toString();
		}
		// Arrays rather than a VALUES row per message: one statement text for every
		// batch size, so the driver prepares it once.
		this.jdbc.sql("""
				insert into delivery (subscriber_id, message_key, campaign_id, kind, wave_key, request_id,
					requested_at, state, attempts, claimed_at, next_attempt_at)
				select v.subscriber_id, v.message_key, v.campaign_id, v.kind, v.wave_key, v.request_id, v.requested_at,
					'CLAIMED', 0, cast(? as timestamptz), now()
				from unnest(cast(? as uuid[]), cast(? as text[]), cast(? as uuid[]), cast(? as text[]),
					cast(? as text[]), cast(? as uuid[]), cast(? as timestamptz[]))
					as v(subscriber_id, message_key, campaign_id, kind, wave_key, request_id, requested_at)
				on conflict (subscriber_id, message_key) do nothing
				returning subscriber_id, message_key
				""")
			.params(Timestamp.from(now), subscribers, messageKeys, campaigns, kinds, waves, requests, times)
			.query((RowCallbackHandler) (rs) -> claimed.add(Key.of(rs)));
		return claimed;
	}

	/**
	 * Takes up to {@code limit} due messages for the calling thread: claimed ones nobody
	 * holds (new, or whose holder's lease expired) and retries whose time has come, of
	 * campaigns whose sending the complaint rate has not paused. Rows another instance is
	 * taking at the same moment are skipped, not waited for. Each row taken gets a new
	 * claim token, so whoever held it before owns it no more.
	 */
	List<Delivery> takeDue(int limit, Duration lease) {
		return this.jdbc.sql("""
				update delivery d set state = 'CLAIMED', attempts = d.attempts + 1,
					lease_until = now() + make_interval(secs => :leaseSeconds), claim_token = :token
				from (select subscriber_id, message_key from delivery w
					where state in ('CLAIMED', 'RETRYING') and next_attempt_at <= now()
						and (lease_until is null or lease_until < now())
						and not exists (select 1 from campaign_sending p where p.campaign_id = w.campaign_id
							and p.paused_since is not null)
					order by next_attempt_at
					limit :limit
					for update skip locked) due
				where d.subscriber_id = due.subscriber_id and d.message_key = due.message_key
				returning d.subscriber_id, d.message_key, d.campaign_id, d.kind, d.wave_key, d.requested_at, d.attempts,
					d.claim_token
				""")
			.param("leaseSeconds", lease.toMillis() / 1000.0)
			.param("limit", limit)
			.param("token", UUID.randomUUID())
			.query((rs, row) -> map(rs))
			.list();
	}

	/**
	 * Records how a message ended, if its claim is still the caller's.
	 * @return whether this call finished it; {@code false} if it was finished already or
	 * is somebody else's now
	 */
	boolean finish(Delivery delivery, DeliveryState state, String detail, String messageId, Instant now) {
		return this.jdbc
			.sql("""
					update delivery set state = :state, detail = :detail, message_id = :messageId, finished_at = :now,
						lease_until = null
					where subscriber_id = :subscriberId and message_key = :messageKey
						and state in ('CLAIMED', 'RETRYING', 'SENDING') and claim_token is not distinct from cast(:token as uuid)
					""")
			.param("state", state.name())
			.param("detail", detail)
			.param("messageId", messageId)
			.param("now", Timestamp.from(now))
			.param("subscriberId", delivery.subscriberId())
			.param("messageKey", delivery.messageKey())
			.param("token", delivery.claimToken())
			.update() == 1;
	}

	/**
	 * {@link #finish} for many messages in one statement, each only if its claim is still
	 * the caller's.
	 * @return the ones this call finished, in the order given
	 */
	List<Finished> finishAll(List<Finished> finished, Instant now) {
		if (finished.isEmpty()) {
			return List.of();
		}
		int size = finished.size();
		String[] subscribers = new String[size];
		String[] messageKeys = new String[size];
		String[] tokens = new String[size];
		String[] states = new String[size];
		String[] details = new String[size];
		String[] messageIds = new String[size];
		Map<Key, Finished> byKey = new HashMap<>();
		for (int i = 0; i < size; i++) {
			Finished one = finished.get(i);
			Delivery delivery = one.delivery();
			subscribers[i] = delivery.subscriberId().toString();
			messageKeys[i] = delivery.messageKey();
			tokens[i] = (delivery.claimToken() != null) ? delivery.claimToken().toString() : null;
			states[i] = one.state().name();
			details[i] = one.detail();
			messageIds[i] = one.messageId();
			byKey.put(Key.of(delivery), one);
		}
		Set<Finished> done = new HashSet<>();
		this.jdbc
			.sql("""
					update delivery d set state = v.state, detail = v.detail, message_id = v.message_id, finished_at = ?,
						lease_until = null
					from unnest(cast(? as uuid[]), cast(? as text[]), cast(? as uuid[]), cast(? as text[]),
						cast(? as text[]), cast(? as text[])) as v(subscriber_id, message_key, token, state, detail, message_id)
					where d.subscriber_id = v.subscriber_id and d.message_key = v.message_key
						and d.state in ('CLAIMED', 'RETRYING', 'SENDING') and d.claim_token is not distinct from v.token
					returning d.subscriber_id, d.message_key
					""")
			.params(Timestamp.from(now), subscribers, messageKeys, tokens, states, details, messageIds)
			.query((RowCallbackHandler) (rs) -> done.add(byKey.get(Key.of(rs))));
		return finished.stream().filter(done::contains).toList();
	}

	/** Which message a row is: a subscriber's message of one kind, wave or moment. */
	record Key(UUID subscriberId, String messageKey) {

		static Key of(Delivery delivery) {
			return new Key(delivery.subscriberId(), delivery.messageKey());
		}

		static Key of(ReminderRequested reminder) {
			return new Key(reminder.subscriberId(), reminder.messageKey());
		}

		/** The key of a row whose first two columns are subscriber_id and message_key. */
		private static Key of(ResultSet rs) throws SQLException {
			return new Key(rs.getObject(1, UUID.class), rs.getString(2));
		}

	}

	/** How one message ended, for {@link #finishAll}. */
	record Finished(Delivery delivery, DeliveryState state, String detail, String messageId) {
	}

	/**
	 * The statement of {@link #handOver}. It finds its row by the primary key alone: a
	 * plain {@code state = 'CLAIMED'} implies the predicate of the partial index
	 * {@code delivery_due}, and statistics taken while nothing was claimed make that
	 * index look empty, so the planner would read every claimed row to find one, a
	 * millisecond of PostgreSQL's CPU per email in a wave of 10 000. Written as
	 * {@code (state = 'CLAIMED') is true}, the same test for a column that is never null,
	 * it implies nothing about the partial indexes.
	 */
	static final String HAND_OVER = """
			with handed as (
				update delivery set state = 'SENDING',
					lease_until = now() + make_interval(secs => :leaseSeconds), content_version = :contentVersion
				where subscriber_id = :subscriberId and message_key = :messageKey and (state = 'CLAIMED') is true
					and claim_token = :token
				returning subscriber_id)
			select r.subscriber_id, r.campaign_id, r.email, r.language, r.status, r.last_event_time, r.version,
				exists (select 1 from suppressed_address a where a.address_hash = :addressKey) as suppressed
			from handed h left join recipient r on r.subscriber_id = h.subscriber_id
			""";

	/**
	 * Says, right before the message goes to the relay, that it is being handed over, and
	 * extends the lease for the hand-over: only if the caller's claim still holds. Once
	 * committed, the row is never taken again. In the same statement, so in one round
	 * trip, reads the recipient as it stands and whether an address is suppressed.
	 * @param contentVersion the campaign's content version the message is written from,
	 * or {@code null} if it will not be written
	 * @param addressKey the suppression list's key of the address the caller expects the
	 * recipient to have ({@code SuppressedAddresses.keyOf}), or {@code null}
	 * @return {@code null} if the claim did not hold: the caller must then neither send
	 * nor record anything
	 */
	HandedOver handOver(Delivery delivery, Duration lease, Integer contentVersion, String addressKey) {
		return this.jdbc.sql(HAND_OVER)
			.param("leaseSeconds", lease.toMillis() / 1000.0)
			.param("contentVersion", contentVersion, Types.INTEGER)
			.param("subscriberId", delivery.subscriberId())
			.param("messageKey", delivery.messageKey())
			.param("token", delivery.claimToken())
			.param("addressKey", addressKey, Types.VARCHAR)
			.query((rs, row) -> new HandedOver((rs.getObject("subscriber_id") != null) ? Recipients.read(rs) : null,
					rs.getBoolean("suppressed")))
			.optional()
			.orElse(null);
	}

	/**
	 * A message marked as being handed over.
	 *
	 * @param recipient its recipient as the projection has it, {@code null} if the
	 * projection has none (erased, or never known)
	 * @param addressSuppressed whether the address asked about is suppressed
	 */
	record HandedOver(Recipient recipient, boolean addressSuppressed) {
	}

	/**
	 * Puts a message that failed for the moment aside until its next attempt.
	 * @param counted whether the attempt counts towards the most a message gets; one the
	 * relay refused for its own reasons does not
	 */
	void retryLater(Delivery delivery, String detail, Duration backoff, boolean counted) {
		this.jdbc.sql("""
				update delivery set state = 'RETRYING', detail = :detail, lease_until = null,
					next_attempt_at = now() + make_interval(secs => :backoffSeconds),
					attempts = case when :counted then attempts else greatest(attempts - 1, 0) end
				where subscriber_id = :subscriberId and message_key = :messageKey and state in ('CLAIMED', 'SENDING')
					and claim_token = :token
				""")
			.param("detail", detail)
			.param("backoffSeconds", backoff.toMillis() / 1000.0)
			.param("counted", counted)
			.param("subscriberId", delivery.subscriberId())
			.param("messageKey", delivery.messageKey())
			.param("token", delivery.claimToken())
			.update();
	}

	/** Gives taken messages back untried, e.g. when the relay went away mid-batch. */
	void release(List<Delivery> deliveries) {
		for (Delivery delivery : deliveries) {
			// By the primary key alone, for the reason HAND_OVER gives.
			this.jdbc.sql("""
					update delivery set lease_until = null, attempts = greatest(attempts - 1, 0)
					where subscriber_id = :subscriberId and message_key = :messageKey and (state = 'CLAIMED') is true
						and claim_token = :token
					""")
				.param("subscriberId", delivery.subscriberId())
				.param("messageKey", delivery.messageKey())
				.param("token", delivery.claimToken())
				.update();
		}
	}

	/**
	 * Messages left being handed over by a sender that is gone (its lease ran out),
	 * locked, leaving out those this process is still handing over or recording.
	 */
	List<Delivery> abandonedWhileSending(Collection<UUID> ownTokens, int limit) {
		List<UUID> excluded = new ArrayList<>(ownTokens);
		// "not in ()" is no SQL; a token nobody holds keeps the list from being empty.
		excluded.add(UUID.randomUUID());
		return this.jdbc.sql("""
				select subscriber_id, message_key, campaign_id, kind, wave_key, requested_at, attempts, claim_token
				from delivery
				where state = 'SENDING' and lease_until < now() and claim_token not in (:excluded)
				order by lease_until
				limit :limit
				for update skip locked
				""").param("excluded", excluded).param("limit", limit).query((rs, row) -> map(rs)).list();
	}

	/** The sent message with this Message-ID, locked, for a bounce to be recorded on. */
	Optional<Delivery> findSent(String messageId) {
		return this.jdbc.sql("""
				select subscriber_id, message_key, campaign_id, kind, wave_key, requested_at, attempts, claim_token
				from delivery
				where message_id = :messageId and state = 'SENT'
				for update
				""").param("messageId", messageId).query((rs, row) -> map(rs)).optional();
	}

	/** The message last sent to any subscriber with this address, locked. */
	Optional<Delivery> findLastSentTo(String address) {
		return this.jdbc.sql("""
				select d.subscriber_id, d.message_key, d.campaign_id, d.kind, d.wave_key, d.requested_at, d.attempts,
					d.claim_token
				from delivery d join recipient r on r.subscriber_id = d.subscriber_id
				where lower(r.email) = lower(:address) and d.state = 'SENT'
				order by d.finished_at desc
				limit 1
				for update of d
				""").param("address", address).query((rs, row) -> map(rs)).optional();
	}

	/** Turns a sent message into a bounced one. */
	boolean bounce(Delivery delivery, String detail) {
		return this.jdbc.sql("""
				update delivery set state = 'BOUNCED', detail = :detail
				where subscriber_id = :subscriberId and message_key = :messageKey and state = 'SENT'
				""")
			.param("detail", detail)
			.param("subscriberId", delivery.subscriberId())
			.param("messageKey", delivery.messageKey())
			.update() == 1;
	}

	/**
	 * How many messages wait to be sent, by state: {@code CLAIMED} (new, or held by a
	 * sending thread) and {@code RETRYING}. Reads only the rows of the partial index on
	 * waiting messages.
	 */
	Map<DeliveryState, Long> waiting() {
		Map<DeliveryState, Long> waiting = new EnumMap<>(DeliveryState.class);
		waiting.put(DeliveryState.CLAIMED, 0L);
		waiting.put(DeliveryState.RETRYING, 0L);
		this.jdbc.sql("""
				select state, count(*) from delivery where state in ('CLAIMED', 'RETRYING') group by state
				""").query((RowCallbackHandler) (rs) -> {
			waiting.put(DeliveryState.valueOf(rs.getString(1)), rs.getLong(2));
		});
		return waiting;
	}

	/** The state of one message, for tests and operators. */
	Optional<DeliveryState> stateOf(UUID subscriberId, String messageKey) {
		return this.jdbc.sql("select state from delivery where subscriber_id = :subscriberId and message_key = :key")
			.param("subscriberId", subscriberId)
			.param("key", messageKey)
			.query((rs, row) -> DeliveryState.valueOf(rs.getString(1)))
			.optional();
	}

	private static Delivery map(ResultSet rs) throws SQLException {
		return new Delivery(rs.getObject("subscriber_id", UUID.class), rs.getString("message_key"),
				rs.getObject("campaign_id", UUID.class), MessageKind.valueOf(rs.getString("kind")),
				rs.getString("wave_key"), rs.getTimestamp("requested_at").toInstant(), rs.getInt("attempts"),
				rs.getObject("claim_token", UUID.class));
	}

}

package nl.tijdig.api.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Token buckets in the {@code token_bucket} table, several taken in one statement: one
 * round trip, inside the caller's transaction, however many limits a request passes. The
 * rows are shared by every instance and locked while they are taken, so a limit holds
 * exactly across instances; time is the database's clock, the one clock they all share.
 * <p>
 * A bucket refills gradually ({@code count} in every {@code per}) and a new one starts
 * full. A stored bucket takes a changed limit at once, its tokens capped at the new
 * count. Used by the sign-up limits, the console's login limits and its test sends.
 */
@Component
public class TokenBuckets {

	private static final int CLEAN_UP_BATCH = 1000;

	/*
	 * A new key is inserted full less the one taken; a known one is refilled for the time
	 * since it was last taken (never backwards, should a waiting transaction's clock read
	 * earlier) and takes one if one is there. Keys go in order, so two requests never
	 * wait for each other's rows the other way round.
	 */
	private static final String TAKE = """
			INSERT INTO token_bucket AS b (id, capacity, per_ms, tokens, taken, refilled_at, expires_at)
			SELECT id, capacity, per_ms, capacity - 1, true, clock_timestamp(),
			       clock_timestamp() + make_interval(secs => per_ms / 1000.0 / capacity)
			FROM (VALUES %s) AS w(id, capacity, per_ms)
			ORDER BY id
			ON CONFLICT (id) DO UPDATE SET (capacity, per_ms, tokens, taken, refilled_at, expires_at) = (
			  SELECT EXCLUDED.capacity, EXCLUDED.per_ms, after, found >= 1, taken_at, taken_at + make_interval(
			         secs => (EXCLUDED.capacity - after) * EXCLUDED.per_ms / 1000.0 / EXCLUDED.capacity)
			  FROM (SELECT found, CASE WHEN found >= 1 THEN found - 1 ELSE found END AS after, taken_at
			        FROM (SELECT least(EXCLUDED.capacity::float8, b.tokens + greatest(0,
			                       extract(epoch FROM clock_timestamp() - b.refilled_at)) * 1000
			                       * EXCLUDED.capacity / EXCLUDED.per_ms) AS found,
			                     greatest(b.refilled_at, clock_timestamp()) AS taken_at) AS refilled) AS taking)
			RETURNING taken, tokens, capacity, per_ms
			""";

	/*
	 * A token given back counts as if it had never been taken: the bucket is full that
	 * much sooner, and never fuller than its capacity. Rows are locked in key order, as a
	 * take locks them.
	 */
	private static final String GIVE_BACK = """
			UPDATE token_bucket AS b
			SET tokens = least(b.capacity::float8, b.tokens + 1),
			    expires_at = b.refilled_at + make_interval(
			      secs => (b.capacity - least(b.capacity::float8, b.tokens + 1)) * b.per_ms / 1000.0 / b.capacity)
			FROM (SELECT id FROM token_bucket WHERE id IN (%s) ORDER BY id FOR UPDATE) AS locked
			WHERE b.id = locked.id
			""";

	private final JdbcClient jdbc;

	TokenBuckets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes a token from each of these buckets in one statement. With more than one, the
	 * caller's transaction must be rolled back when this answers a wait, so that a
	 * refusal spends nothing: then no bucket is taken from unless all are.
	 * @param limits each bucket's key and limit
	 * @return nothing if every bucket had a token; otherwise how long until each that had
	 * none has one again
	 */
	public Optional<Duration> take(Map<String, RateLimit> limits) {
		if (limits.size() > 1 && !TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Buckets taken together need a transaction to roll back on refusal");
		}
		Map<String, RateLimit> inOrder = new TreeMap<>(limits);
		List<Object> parameters = new ArrayList<>();
		inOrder.forEach((key, limit) -> {
			parameters.add(key);
			parameters.add(limit.count());
			parameters.add(Math.max(1, limit.per().toMillis()));
		});
		String values = String.join(", ", Collections.nCopies(inOrder.size(), "(?, ?::bigint, ?::bigint)"));
		List<Duration> waits = this.jdbc.sql(TAKE.formatted(values))
			.params(parameters)
			.query((row, number) -> row.getBoolean("taken") ? Duration.ZERO : Duration.ofMillis(
					(long) Math.ceil((1 - row.getDouble("tokens")) * row.getLong("per_ms") / row.getLong("capacity"))))
			.list();
		return waits.stream().filter((wait) -> !wait.isZero()).max(Duration::compareTo);
	}

	/**
	 * Gives one token back to each of these buckets, e.g. for an attempt that turned out
	 * to be no abuse; a bucket that is full, or gone because it was, stays as it is.
	 * @param keys the buckets' keys
	 */
	public void giveBack(Collection<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		this.jdbc.sql(GIVE_BACK.formatted(String.join(", ", Collections.nCopies(keys.size(), "?"))))
			.params(List.copyOf(keys))
			.update();
	}

	/** Drops buckets that are full again: they hold nothing a new bucket would not. */
	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
	void removeFullBuckets() {
		while (this.jdbc.sql("""
				DELETE FROM token_bucket WHERE id IN (
				  SELECT id FROM token_bucket WHERE expires_at < clock_timestamp() LIMIT ?)
				""").param(CLEAN_UP_BATCH).update() == CLEAN_UP_BATCH) {
			// keep going until a batch comes back short
		}
	}

}

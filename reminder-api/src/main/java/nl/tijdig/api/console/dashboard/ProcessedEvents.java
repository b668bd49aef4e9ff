package nl.tijdig.api.console.dashboard;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The events the console's projection has applied ({@code console_processed_event}), and
 * the array columns its batches write with: one statement per table for a whole batch,
 * whatever its size.
 */
@Component
class ProcessedEvents {

	private final JdbcClient jdbc;

	ProcessedEvents(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the events as processed, in the caller's transaction, and returns the ids
	 * of those that were not. Sorted: two batches holding the same redelivered events
	 * wait for each other in one order and cannot deadlock.
	 */
	Set<UUID> firstTime(Collection<UUID> eventIds) {
		if (eventIds.isEmpty()) {
			return new HashSet<>();
		}
		String[] ids = eventIds.stream().map(UUID::toString).distinct().sorted().toArray(String[]::new);
		return new HashSet<>(this.jdbc.sql("""
				INSERT INTO console_processed_event (event_id) SELECT unnest(?::uuid[])
				ON CONFLICT DO NOTHING RETURNING event_id
				""").param(ids).query(UUID.class).list());
	}

	/** One column of rows as an array PostgreSQL casts to its type. */
	static <T> String[] column(Collection<T> rows, Function<T, String> value) {
		return rows.stream().map(value).toArray(String[]::new);
	}

}

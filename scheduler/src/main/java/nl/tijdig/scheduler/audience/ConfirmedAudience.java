package nl.tijdig.scheduler.audience;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;

import nl.tijdig.events.SubscriptionStatus;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The confirmed subscribers of a campaign, in pages by subscriber id: what a wave is
 * fanned out to.
 */
@Component
public class ConfirmedAudience {

	// The smallest uuid as PostgreSQL orders them (bytewise, unsigned); never a real id.
	private static final UUID BEFORE_FIRST = new UUID(0, 0);

	private static final int FETCH_SIZE = 500;

	private final JdbcClient jdbc;

	ConfirmedAudience(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The next page of subscribers who are confirmed now and were confirmed by
	 * {@code confirmedBy}, ordered by id. Keyset paging: the cost of a page does not grow
	 * with how far the fan-out has come, and rows added or removed meanwhile never shift
	 * a page.
	 * @param confirmedBy the moment the wave's audience was fixed: someone confirming
	 * later had the welcome, which already says what to do, and is left out whatever
	 * their id, so a fan-out never depends on where its cursor happened to be
	 * @param after the last subscriber id of the previous page, {@code null} for the
	 * first
	 * @param each takes each subscriber as PostgreSQL sends it, {@value #FETCH_SIZE} rows
	 * at a time (a cursor, in the caller's transaction), so the caller works on the first
	 * rows while the database reads the rest
	 */
	public void page(UUID campaignId, Instant confirmedBy, UUID after, int size, Consumer<Confirmed> each) {
		// PostgreSQL compares uuids bytewise unsigned, as Java's UUID.compareTo does not:
		// the cursor is only ever compared in SQL.
		this.jdbc.sql("""
				select subscriber_id, version from audience_member
				where campaign_id = :campaignId and status = :status
					and subscriber_id > :after
					and (confirmed_at is null or confirmed_at <= :confirmedBy)
				order by subscriber_id
				limit :size
				""")
			.param("campaignId", campaignId)
			.param("status", SubscriptionStatus.CONFIRMED.name())
			.param("after", (after != null) ? after : BEFORE_FIRST)
			.param("confirmedBy", confirmedBy.atOffset(ZoneOffset.UTC))
			.param("size", size)
			.withFetchSize(FETCH_SIZE)
			.query((RowCallbackHandler) (row) -> each
				.accept(new Confirmed(row.getObject("subscriber_id", UUID.class), row.getLong("version"))));
	}

	/**
	 * A subscriber of the audience.
	 *
	 * @param subscriptionVersion the version of the subscription seen confirmed, for the
	 * request: the notifier waits for its own projection to reach it
	 */
	public record Confirmed(UUID subscriberId, long subscriptionVersion) {
	}

}

package nl.tijdig.scheduler.audience;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionStatus;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audience_member} table. */
@Repository
class AudienceMembers {

	private final JdbcClient jdbc;

	AudienceMembers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores the member's state unless the stored state has a later version, so a stale
	 * or replayed change never rolls a subscriber back; states without a version follow
	 * Kafka's order (see {@link nl.tijdig.events.Versions}). The changes' times come from
	 * different clocks and are not compared.
	 * @return whether the state was stored
	 */
	boolean save(AudienceMember member) {
		int saved = this.jdbc.sql("""
				insert into audience_member
					(subscriber_id, campaign_id, status, language, confirmed_at, last_event_time, version)
				values (:subscriberId, :campaignId, :status, :language, :confirmedAt, :lastEventTime, :version)
				on conflict (subscriber_id) do update set
					campaign_id = excluded.campaign_id,
					status = excluded.status,
					language = excluded.language,
					confirmed_at = excluded.confirmed_at,
					last_event_time = excluded.last_event_time,
					version = excluded.version
				where excluded.version = 0 or audience_member.version = 0
					or audience_member.version < excluded.version
				""")
			.param("subscriberId", member.subscriberId())
			.param("campaignId", member.campaignId())
			.param("status", member.status().name())
			.param("language", (member.language() != null) ? member.language().name() : null)
			.param("confirmedAt", timestamp(member.confirmedAt()))
			.param("lastEventTime", timestamp(member.lastEventTime()))
			.param("version", member.version())
			.update();
		return saved == 1;
	}

	void delete(UUID subscriberId) {
		this.jdbc.sql("delete from audience_member where subscriber_id = :subscriberId")
			.param("subscriberId", subscriberId)
			.update();
	}

	Optional<AudienceMember> find(UUID subscriberId) {
		return this.jdbc.sql("""
				select subscriber_id, campaign_id, status, language, confirmed_at, last_event_time, version
				from audience_member where subscriber_id = :subscriberId
				""").param("subscriberId", subscriberId).query(AudienceMembers::member).optional();
	}

	private static AudienceMember member(ResultSet row, int rowNumber) throws SQLException {
		String language = row.getString("language");
		return new AudienceMember(row.getObject("subscriber_id", UUID.class), row.getObject("campaign_id", UUID.class),
				SubscriptionStatus.valueOf(row.getString("status")),
				(language != null) ? Language.valueOf(language) : null, instant(row, "confirmed_at"),
				instant(row, "last_event_time"), row.getLong("version"));
	}

	// The PostgreSQL driver binds and reads timestamptz as OffsetDateTime, not Instant.
	private static OffsetDateTime timestamp(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}

package nl.tijdig.scheduler.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code campaign} table. Each definition replaces the previous one whole, unless the
 * stored one has a later version: replaying the compacted topic changes nothing, and a
 * close stamped by an instance whose clock is behind still closes (see
 * {@link nl.tijdig.events.Versions}).
 */
@Repository
class Campaigns {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	Campaigns(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * @return whether the definition was stored, i.e. no later one was
	 */
	@Transactional
	boolean save(CampaignPublished campaign) {
		return this.jdbc.sql("""
				insert into campaign (id, status, deadline, time_zone, waves, last_event_time, version)
				values (:id, :status, :deadline, :timeZone, cast(:waves as jsonb), :lastEventTime, :version)
				on conflict (id) do update set
					status = excluded.status,
					deadline = excluded.deadline,
					time_zone = excluded.time_zone,
					waves = excluded.waves,
					last_event_time = excluded.last_event_time,
					version = excluded.version
				where excluded.version = 0 or campaign.version = 0 or campaign.version < excluded.version
				""")
			.param("id", campaign.campaignId())
			.param("status", campaign.status().name())
			.param("deadline", campaign.deadline().atOffset(ZoneOffset.UTC))
			.param("timeZone", campaign.timeZone())
			.param("waves", this.json.writeValueAsString(campaign.waves()))
			.param("lastEventTime", campaign.time().atOffset(ZoneOffset.UTC))
			.param("version", campaign.version())
			.update() == 1;
	}

	@Transactional
	void delete(UUID campaignId) {
		this.jdbc.sql("delete from campaign where id = :id").param("id", campaignId).update();
	}

	Optional<Stored> find(UUID campaignId) {
		return this.jdbc
			.sql("select id, status, deadline, time_zone, waves::text as waves from campaign where id = :id")
			.param("id", campaignId)
			.query(this::stored)
			.optional();
	}

	List<UUID> publishedIds() {
		return this.jdbc.sql("select id from campaign where status = :status")
			.param("status", CampaignPublished.Status.PUBLISHED.name())
			.query(UUID.class)
			.list();
	}

	private Stored stored(ResultSet row, int rowNumber) throws SQLException {
		return new Stored(row.getObject("id", UUID.class), CampaignPublished.Status.valueOf(row.getString("status")),
				row.getObject("deadline", OffsetDateTime.class).toInstant(), row.getString("time_zone"),
				Arrays.asList(this.json.readValue(row.getString("waves"), CampaignPublished.Wave[].class)));
	}

	/** A campaign as stored: what scheduling needs of it. */
	record Stored(UUID id, CampaignPublished.Status status, Instant deadline, String timeZone,
			List<CampaignPublished.Wave> waves) {

		boolean isPublished() {
			return this.status == CampaignPublished.Status.PUBLISHED;
		}

	}

}

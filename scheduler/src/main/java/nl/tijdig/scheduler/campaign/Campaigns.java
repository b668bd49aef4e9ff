package nl.tijdig.scheduler.campaign;

import java.time.ZoneOffset;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code campaign} table. Each definition replaces the previous one whole, unless it
 * is older than the stored one: replaying the compacted topic changes nothing.
 */
@Repository
class Campaigns {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	Campaigns(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	@Transactional
	void save(CampaignPublished campaign) {
		this.jdbc.sql("""
				insert into campaign (id, status, deadline, time_zone, waves, last_event_time)
				values (:id, :status, :deadline, :timeZone, cast(:waves as jsonb), :lastEventTime)
				on conflict (id) do update set
					status = excluded.status,
					deadline = excluded.deadline,
					time_zone = excluded.time_zone,
					waves = excluded.waves,
					last_event_time = excluded.last_event_time
				where campaign.last_event_time <= excluded.last_event_time
				""")
			.param("id", campaign.campaignId())
			.param("status", campaign.status().name())
			.param("deadline", campaign.deadline().atOffset(ZoneOffset.UTC))
			.param("timeZone", campaign.timeZone())
			.param("waves", this.json.writeValueAsString(campaign.waves()))
			.param("lastEventTime", campaign.time().atOffset(ZoneOffset.UTC))
			.update();
	}

	@Transactional
	void delete(UUID campaignId) {
		this.jdbc.sql("delete from campaign where id = :id").param("id", campaignId).update();
	}

}

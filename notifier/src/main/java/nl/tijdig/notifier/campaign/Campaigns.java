package nl.tijdig.notifier.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The notifier's projection of {@code tijdig.campaigns}, written by
 * {@link CampaignProjection}.
 */
@Repository
public class Campaigns {

	static final TypeReference<Map<Language, Content>> CONTENT = new TypeReference<>() {
	};

	static final TypeReference<List<Wave>> WAVES = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	Campaigns(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public Optional<Campaign> findById(UUID campaignId) {
		return this.jdbc.sql("""
				select campaign_id, slug, status, platform, deadline, time_zone, waves, content,
					content_version, data_erasure_at
				from campaign where campaign_id = :id
				""").param("id", campaignId).query((rs, row) -> map(rs)).optional();
	}

	private Campaign map(ResultSet rs) throws SQLException {
		OffsetDateTime erasure = rs.getObject("data_erasure_at", OffsetDateTime.class);
		return new Campaign(rs.getObject("campaign_id", UUID.class), rs.getString("slug"),
				CampaignPublished.Status.valueOf(rs.getString("status")), rs.getString("platform"),
				rs.getObject("deadline", OffsetDateTime.class).toInstant(), ZoneId.of(rs.getString("time_zone")),
				this.json.readValue(rs.getString("waves"), WAVES),
				this.json.readValue(rs.getString("content"), CONTENT), rs.getInt("content_version"),
				(erasure != null) ? erasure.toInstant() : null);
	}

}

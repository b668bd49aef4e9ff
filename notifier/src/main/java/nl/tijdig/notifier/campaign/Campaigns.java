package nl.tijdig.notifier.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>
 * A campaign is read for every batch a sending thread takes, and mapping its content from
 * JSON cost more than the rest of the read. So the last one read of each campaign is kept
 * with its row version ({@code xmin}, which every update of the row changes) and handed
 * out again, the same instance, as long as the row has not changed: a cheap query for the
 * version, the whole row only when it moved.
 */
@Repository
public class Campaigns {

	static final TypeReference<Map<Language, Content>> CONTENT = new TypeReference<>() {
	};

	static final TypeReference<List<Wave>> WAVES = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Map<UUID, Read> read = new ConcurrentHashMap<>();

	Campaigns(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * @return the campaign as the projection has it; the same instance as before if its
	 * row has not changed since
	 */
	public Optional<Campaign> findById(UUID campaignId) {
		Read known = this.read.get(campaignId);
		if (known != null) {
			Optional<String> version = this.jdbc.sql("select xmin::text from campaign where campaign_id = :id")
				.param("id", campaignId)
				.query(String.class)
				.optional();
			if (version.isPresent() && version.get().equals(known.rowVersion())) {
				return Optional.of(known.campaign());
			}
		}
		Optional<Read> found = this.jdbc.sql("""
				select campaign_id, slug, status, platform, deadline, time_zone, waves, content,
					content_version, data_erasure_at, xmin::text as row_version
				from campaign where campaign_id = :id
				""")
			.param("id", campaignId)
			.query((rs, row) -> new Read(rs.getString("row_version"), map(rs)))
			.optional();
		found.ifPresentOrElse((campaign) -> this.read.put(campaignId, campaign), () -> this.read.remove(campaignId));
		return found.map(Read::campaign);
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

	/** A campaign as read, and the version of its row then. */
	private record Read(String rowVersion, Campaign campaign) {
	}

}

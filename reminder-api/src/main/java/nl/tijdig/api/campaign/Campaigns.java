package nl.tijdig.api.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;

/** All campaigns, stored in the {@code campaign} table. */
@Repository
public class Campaigns {

	private static final TypeReference<List<Wave>> WAVES = new TypeReference<>() {
	};

	private static final TypeReference<Map<Language, Content>> CONTENT = new TypeReference<>() {
	};

	private static final String COLUMNS = "id, slug, platform, status, deadline, time_zone, waves, content, "
			+ "content_version, data_erasure_at";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	Campaigns(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public Optional<Campaign> findBySlug(String slug) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM campaign WHERE slug = ? AND status <> 'DRAFT'")
			.param(slug)
			.query(this::map)
			.optional();
	}

	public Optional<Campaign> featured() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM campaign WHERE featured AND status <> 'DRAFT'")
			.query(this::map)
			.optional();
	}

	public Optional<Campaign> findById(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM campaign WHERE id = ?").param(id).query(this::map).optional();
	}

	/**
	 * @throws CampaignNotFoundException if there is none with this id: a page about it
	 * answers 404
	 */
	public Campaign get(UUID id) {
		return findById(id).orElseThrow(() -> new CampaignNotFoundException(id));
	}

	/** Every campaign, drafts too, the latest deadline first: the console's list. */
	public List<Campaign> all() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM campaign ORDER BY deadline DESC, slug")
			.query(this::map)
			.list();
	}

	/**
	 * Campaigns whose subscribers' personal data is to be erased by now: their
	 * {@code data_erasure_at} has passed.
	 */
	public List<Campaign> pastDataErasure(Instant now) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM campaign WHERE data_erasure_at <= ? ORDER BY data_erasure_at")
			.param(Timestamp.from(now))
			.query(this::map)
			.list();
	}

	/** Whether another campaign than {@code id} has this slug, drafts included. */
	public boolean slugTaken(String slug, UUID id) {
		return this.jdbc.sql("SELECT count(*) FROM campaign WHERE slug = ? AND id <> ?")
			.params(slug, id)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * The revision of a campaign, which every change bumps: an editor sends back the one
	 * it started from, so that a change made meanwhile is not silently overwritten.
	 */
	public Optional<Integer> revision(UUID id) {
		return this.jdbc.sql("SELECT revision FROM campaign WHERE id = ?").param(id).query(Integer.class).optional();
	}

	boolean featured(UUID id) {
		return this.jdbc.sql("SELECT featured FROM campaign WHERE id = ?")
			.param(id)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/**
	 * The campaign, locked until the transaction ends, so two changes never interleave.
	 */
	Optional<Campaign> lock(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM campaign WHERE id = ? FOR UPDATE")
			.param(id)
			.query(this::map)
			.optional();
	}

	/** Inserts or replaces a campaign and marks its definition for publication. */
	void save(Campaign campaign, boolean featured) {
		if (featured) {
			this.jdbc.sql("UPDATE campaign SET featured = FALSE WHERE featured AND id <> ?")
				.param(campaign.id())
				.update();
		}
		this.jdbc.sql("""
				INSERT INTO campaign (id, slug, platform, status, deadline, time_zone, waves, content,
				  content_version, data_erasure_at, featured)
				VALUES (:id, :slug, :platform, :status, :deadline, :zone, :waves::jsonb, :content::jsonb,
				  :contentVersion, :erasure, :featured)
				ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, platform = excluded.platform,
				  status = excluded.status, deadline = excluded.deadline, time_zone = excluded.time_zone,
				  waves = excluded.waves, content = excluded.content, content_version = excluded.content_version,
				  data_erasure_at = excluded.data_erasure_at, featured = excluded.featured,
				  revision = campaign.revision + 1, updated_at = now()
				""")
			.param("id", campaign.id())
			.param("slug", campaign.slug())
			.param("platform", campaign.platform())
			.param("status", campaign.status().name())
			.param("deadline", Timestamp.from(campaign.deadline()))
			.param("zone", campaign.timeZone().getId())
			.param("waves", this.json.writeValueAsString(campaign.waves()))
			.param("content", this.json.writeValueAsString(campaign.content()))
			.param("contentVersion", campaign.contentVersion())
			.param("erasure", Timestamp.from(campaign.dataErasureAt()))
			.param("featured", featured)
			.update();
	}

	/**
	 * Campaigns whose latest revision is not on the topic yet, locked so that two
	 * instances never publish the same revision at once.
	 */
	List<Revision> lockUnpublished() {
		return this.jdbc.sql("""
				SELECT id, revision FROM campaign
				WHERE status <> 'DRAFT' AND published_revision < revision
				ORDER BY updated_at FOR UPDATE SKIP LOCKED
				""").query((rs, row) -> new Revision(rs.getObject("id", UUID.class), rs.getInt("revision"))).list();
	}

	void markPublished(Revision revision) {
		this.jdbc.sql("UPDATE campaign SET published_revision = ? WHERE id = ?")
			.params(revision.revision(), revision.id())
			.update();
	}

	private Campaign map(ResultSet rs, int row) throws SQLException {
		return new Campaign(rs.getObject("id", UUID.class), rs.getString("slug"), rs.getString("platform"),
				Campaign.Status.valueOf(rs.getString("status")), rs.getTimestamp("deadline").toInstant(),
				ZoneId.of(rs.getString("time_zone")), this.json.readValue(rs.getString("waves"), WAVES),
				this.json.readValue(rs.getString("content"), CONTENT), rs.getInt("content_version"),
				rs.getTimestamp("data_erasure_at").toInstant());
	}

	record Revision(UUID id, int revision) {
	}

}

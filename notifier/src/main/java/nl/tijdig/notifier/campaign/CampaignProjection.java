package nl.tijdig.notifier.campaign;

import java.sql.Timestamp;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * Keeps {@link Campaigns} in step with {@code tijdig.campaigns}. Every event is the full
 * definition, so applying one is an upsert; one whose version is not above the row's
 * changes nothing. Events without a version follow Kafka's order
 * ({@link nl.tijdig.events.Versions}); their times, from the clocks of different
 * instances, decide nothing.
 */
@Component
class CampaignProjection {

	private static final Log logger = LogFactory.getLog(CampaignProjection.class);

	private final JdbcClient jdbc;

	private final JsonMapper json;

	CampaignProjection(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	@KafkaListener(id = "notifier-campaigns", idIsGroup = false, topics = Topics.CAMPAIGNS)
	void on(@Payload(required = false) CampaignPublished event) {
		if (event == null) {
			// Campaigns are closed, not deleted; a tombstone has nothing to say here.
			return;
		}
		Campaign campaign = Campaign.of(event);
		InvalidEventException.required(event.time(), "time");
		int applied = this.jdbc.sql("""
				insert into campaign (campaign_id, slug, status, platform, deadline, time_zone, waves, content,
					content_version, data_erasure_at, last_event_time, version)
				values (:campaignId, :slug, :status, :platform, :deadline, :timeZone, cast(:waves as jsonb),
					cast(:content as jsonb), :contentVersion, :dataErasureAt, :time, :version)
				on conflict (campaign_id) do update
				set slug = excluded.slug, status = excluded.status, platform = excluded.platform,
					deadline = excluded.deadline, time_zone = excluded.time_zone, waves = excluded.waves,
					content = excluded.content, content_version = excluded.content_version,
					data_erasure_at = excluded.data_erasure_at, last_event_time = excluded.last_event_time,
					version = excluded.version
				where excluded.version = 0 or campaign.version = 0 or campaign.version < excluded.version
				""")
			.param("campaignId", campaign.campaignId())
			.param("slug", campaign.slug())
			.param("status", campaign.status().name())
			.param("platform", campaign.platform())
			.param("deadline", Timestamp.from(campaign.deadline()))
			.param("timeZone", campaign.timeZone().getId())
			.param("waves", this.json.writeValueAsString(campaign.waves()))
			.param("content", this.json.writeValueAsString(campaign.content()))
			.param("contentVersion", campaign.contentVersion())
			.param("dataErasureAt",
					(campaign.dataErasureAt() != null) ? Timestamp.from(campaign.dataErasureAt()) : null)
			.param("time", Timestamp.from(event.time()))
			.param("version", event.version())
			.update();
		if (applied == 0 && logger.isDebugEnabled()) {
			logger.debug("Ignored stale campaign event " + event.id());
		}
	}

}

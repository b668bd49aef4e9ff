package nl.tijdig.notifier.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tables {@code complaint} and {@code campaign_sending}: each message's complaint,
 * once, and whether the complaint breaker holds a campaign's sending. Counted in the
 * database, so every instance sees the same rates and the same pause.
 */
@Repository
class CampaignSending {

	private final JdbcClient jdbc;

	CampaignSending(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @return whether the message's complaint is new: a report read again, or a second
	 * report about the same message, counts once
	 */
	boolean complained(Delivery delivery) {
		return this.jdbc
			.sql("""
					insert into complaint (subscriber_id, message_key, campaign_id) values (:subscriberId, :messageKey, :campaignId)
					on conflict do nothing
					""")
			.param("subscriberId", delivery.subscriberId())
			.param("messageKey", delivery.messageKey())
			.param("campaignId", delivery.campaignId())
			.update() == 1;
	}

	/** The campaign's numbers as they stand. */
	Numbers numbers(UUID campaignId) {
		return this.jdbc.sql("""
				select
				  (select count(*) from delivery where campaign_id = :id and state in ('SENT', 'BOUNCED')) as sent,
				  (select count(*) from delivery where campaign_id = :id and state = 'BOUNCED') as bounced,
				  (select count(*) from complaint where campaign_id = :id) as complaints,
				  s.paused_since, coalesce(s.sent_before, 0) as sent_before,
				  coalesce(s.complaints_before, 0) as complaints_before
				from (select 1) one left join campaign_sending s on s.campaign_id = :id
				""").param("id", campaignId).query((rs, row) -> {
			Timestamp since = rs.getTimestamp("paused_since");
			return new Numbers(campaignId, rs.getLong("sent"), rs.getLong("bounced"), rs.getLong("complaints"),
					(since != null) ? since.toInstant() : null, rs.getLong("sent_before"),
					rs.getLong("complaints_before"));
		}).single();
	}

	/**
	 * Pauses the campaign's sending, unless it is paused already.
	 * @return when the pause began (the database's clock); empty if it had begun before
	 */
	Optional<Instant> pause(UUID campaignId, long complaints, long sent) {
		return this.jdbc.sql("""
				insert into campaign_sending (campaign_id, paused_since, paused_complaints, paused_sent)
				values (:id, now(), :complaints, :sent)
				on conflict (campaign_id) do update set paused_since = now(), paused_complaints = :complaints,
				  paused_sent = :sent
				where campaign_sending.paused_since is null
				returning paused_since
				""")
			.param("id", campaignId)
			.param("complaints", complaints)
			.param("sent", sent)
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant);
	}

	/**
	 * Ends the pause that began at {@code since}; from now on the breaker counts only
	 * what follows.
	 * @return whether that pause was in force
	 */
	boolean resume(UUID campaignId, Instant since) {
		return this.jdbc
			.sql("""
					update campaign_sending set paused_since = null,
					  sent_before = (select count(*) from delivery where campaign_id = :id and state in ('SENT', 'BOUNCED')),
					  complaints_before = (select count(*) from complaint where campaign_id = :id)
					where campaign_id = :id and paused_since = :since
					""")
			.param("id", campaignId)
			.param("since", Timestamp.from(since))
			.update() == 1;
	}

	/**
	 * Campaigns with a complaint whose sending is not paused: those the breaker watches.
	 */
	List<UUID> watched() {
		return this.jdbc.sql("""
				select distinct c.campaign_id from complaint c
				where not exists (select 1 from campaign_sending s where s.campaign_id = c.campaign_id
				  and s.paused_since is not null)
				""").query(UUID.class).list();
	}

	/**
	 * The published campaigns and any paused one, with their slugs, for the per-campaign
	 * gauges: a closed campaign's numbers no longer change.
	 */
	List<Slug> shown() {
		return this.jdbc.sql("""
				select c.campaign_id, c.slug from campaign c
				where c.status = 'PUBLISHED' or exists (select 1 from campaign_sending s
				  where s.campaign_id = c.campaign_id and s.paused_since is not null)
				""").query((rs, row) -> new Slug(rs.getObject(1, UUID.class), rs.getString(2))).list();
	}

	/**
	 * @param sent messages the relay accepted, bounced ones included
	 * @param bounced of those, reported undeliverable afterwards
	 * @param complaints messages complained about
	 * @param pausedSince when the breaker paused the campaign, {@code null} while it
	 * sends
	 * @param sentBefore messages sent before the last resume, which the breaker no longer
	 * counts
	 * @param complaintsBefore complaints before the last resume, likewise
	 */
	record Numbers(UUID campaignId, long sent, long bounced, long complaints, Instant pausedSince, long sentBefore,
			long complaintsBefore) {

		double complaintRate() {
			return (this.sent > 0) ? (double) this.complaints / this.sent : 0;
		}

		double bounceRate() {
			return (this.sent > 0) ? (double) this.bounced / this.sent : 0;
		}

		long complaintsCounted() {
			return this.complaints - this.complaintsBefore;
		}

		long sentCounted() {
			return this.sent - this.sentBefore;
		}

	}

	record Slug(UUID campaignId, String slug) {
	}

}

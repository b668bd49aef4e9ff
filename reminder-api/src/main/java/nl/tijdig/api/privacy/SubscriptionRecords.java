package nl.tijdig.api.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import nl.tijdig.api.subscription.EmailAddress;
import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionStatus;

/**
 * Reads subscriptions with their campaign, for the exports; changes nothing. The row
 * leaves out the times that repeat another (see {@code Subscribers}): the first sign-up's
 * is the consent's unless recorded, the last change's the first sign-up's.
 */
@Repository
class SubscriptionRecords {

	private static final String SELECT = """
			SELECT s.*, coalesce(s.created_at, s.consented_at) AS signed_up_at,
			  coalesce(s.updated_at, s.created_at, s.consented_at) AS changed_at,
			  c.slug, c.platform, c.deadline, c.data_erasure_at
			FROM subscriber s JOIN campaign c ON c.id = s.campaign_id
			""";

	private final JdbcClient jdbc;

	SubscriptionRecords(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<SubscriptionRecord> byId(UUID subscriberId) {
		return this.jdbc.sql(SELECT + "WHERE s.id = ?").param(subscriberId).query(SubscriptionRecords::map).optional();
	}

	/**
	 * Every subscription of an address, whatever the case of its local part: one person
	 * may have typed it differently for another campaign. The index finds a subscription
	 * by campaign and address, so each campaign is asked once: there are few.
	 */
	List<SubscriptionRecord> byAddress(EmailAddress address) {
		return this.jdbc.sql(SELECT
				+ "WHERE subscription_key(s.campaign_id, s.email) = subscription_key(c.id, ?) ORDER BY signed_up_at")
			.param(address.value())
			.query(SubscriptionRecords::map)
			.list();
	}

	private static SubscriptionRecord map(ResultSet rs, int row) throws SQLException {
		String consentLanguage = rs.getString("consent_language");
		return new SubscriptionRecord(rs.getObject("id", UUID.class),
				new SubscriptionRecord.CampaignRef(rs.getString("slug"), rs.getString("platform"),
						instant(rs.getTimestamp("deadline"))),
				rs.getString("email"), Language.valueOf(rs.getString("language")),
				SubscriptionStatus.valueOf(rs.getString("status")),
				new SubscriptionRecord.ConsentGiven(rs.getString("consent_version"),
						(consentLanguage != null) ? Language.valueOf(consentLanguage) : null,
						instant(rs.getTimestamp("consented_at")), rs.getString("consent_client_network")),
				instant(rs.getTimestamp("signed_up_at")), instant(rs.getTimestamp("confirmed_at")),
				instant(rs.getTimestamp("changed_at")), instant(rs.getTimestamp("data_erasure_at")));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}

package nl.tijdig.api.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionStatus;

/**
 * All subscriptions, in the {@code subscriber} table. Reads lock the row they return. An
 * address is one subscriber of a campaign whatever its case: lookups and the unique index
 * compare {@code subscription_key(campaign_id, email)}, a digest of the campaign and the
 * lower-cased address (migration V13), and the row keeps the address as first typed.
 * {@code created_at} is null while the consent on record is the first sign-up's, and
 * {@code updated_at} while nothing changed since: the row repeats no timestamp.
 */
@Repository
class Subscribers {

	/** The version of a new subscription, in its first event. */
	static final long FIRST_VERSION = 1;

	private final JdbcClient jdbc;

	Subscribers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Subscriber> lockByAddress(UUID campaignId, EmailAddress email) {
		return this.jdbc.sql(
				"SELECT * FROM subscriber WHERE subscription_key(campaign_id, email) = subscription_key(?, ?) FOR UPDATE")
			.params(campaignId, email.value())
			.query(Subscribers::map)
			.optional();
	}

	Optional<Subscriber> lock(UUID id) {
		return this.jdbc.sql("SELECT * FROM subscriber WHERE id = ? FOR UPDATE")
			.param(id)
			.query(Subscribers::map)
			.optional();
	}

	/**
	 * Locks up to {@code limit} subscriptions of a campaign, skipping those another
	 * transaction holds: two instances erasing the same campaign each take rows of their
	 * own.
	 */
	List<UUID> lockBatch(UUID campaignId, int limit) {
		return this.jdbc.sql("SELECT id FROM subscriber WHERE campaign_id = ? LIMIT ? FOR UPDATE SKIP LOCKED")
			.params(campaignId, limit)
			.query(UUID.class)
			.list();
	}

	/**
	 * Inserts a new subscription, at version {@value #FIRST_VERSION}.
	 * @return false if the address, in any case, signed up for the campaign concurrently
	 */
	boolean insert(Subscriber subscriber) {
		return this.jdbc.sql("""
				INSERT INTO subscriber (id, campaign_id, email, language, status, consent_version, consent_language,
				  consented_at, consent_client_network, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, %d)
				ON CONFLICT ((subscription_key(campaign_id, email))) DO NOTHING
				""".formatted(FIRST_VERSION))
			.params(subscriber.id(), subscriber.campaignId(), subscriber.email().value(), subscriber.language().name(),
					subscriber.status().name(), subscriber.consent().textVersion(),
					name(subscriber.consent().language()), Timestamp.from(subscriber.consent().givenAt()),
					subscriber.consent().clientNetwork())
			.update() == 1;
	}

	/**
	 * Stores a change of the subscription and counts its version up; a reason for an
	 * earlier unsubscribe no longer holds. A new consent keeps the first sign-up's time
	 * in {@code created_at}, where it was the old consent's.
	 * @return the new version, for the change's event
	 */
	long update(Subscriber subscriber) {
		Timestamp consentedAt = Timestamp.from(subscriber.consent().givenAt());
		return this.jdbc
			.sql("""
					UPDATE subscriber SET language = ?, status = ?, consent_version = ?, consent_language = ?, consented_at = ?,
					  created_at = coalesce(created_at, nullif(consented_at, ?)),
					  consent_client_network = ?, confirmed_at = ?, updated_at = now(), version = version + 1,
					  unsubscribe_reason = NULL
					WHERE id = ?
					RETURNING version
					""")
			.params(subscriber.language().name(), subscriber.status().name(), subscriber.consent().textVersion(),
					name(subscriber.consent().language()), consentedAt, consentedAt,
					subscriber.consent().clientNetwork(), timestamp(subscriber.confirmedAt()), subscriber.id())
			.query(Long.class)
			.single();
	}

	/**
	 * Says why the subscription was unsubscribed, when not by its reader's link; see
	 * {@link Complaints}.
	 */
	void unsubscribedFor(UUID id, String reason) {
		this.jdbc.sql("UPDATE subscriber SET unsubscribe_reason = ? WHERE id = ?").params(reason, id).update();
	}

	/** Deletes the subscription and with it the address. */
	void delete(UUID id) {
		this.jdbc.sql("DELETE FROM subscriber WHERE id = ?").param(id).update();
	}

	private static String name(Language language) {
		return (language != null) ? language.name() : null;
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static Subscriber map(ResultSet rs, int row) throws SQLException {
		Timestamp confirmedAt = rs.getTimestamp("confirmed_at");
		String consentLanguage = rs.getString("consent_language");
		return new Subscriber(rs.getObject("id", UUID.class), rs.getObject("campaign_id", UUID.class),
				new EmailAddress(rs.getString("email")), Language.valueOf(rs.getString("language")),
				SubscriptionStatus.valueOf(rs.getString("status")),
				new Consent(rs.getString("consent_version"),
						(consentLanguage != null) ? Language.valueOf(consentLanguage) : null,
						rs.getTimestamp("consented_at").toInstant(), rs.getString("consent_client_network")),
				(confirmedAt != null) ? confirmedAt.toInstant() : null);
	}

}

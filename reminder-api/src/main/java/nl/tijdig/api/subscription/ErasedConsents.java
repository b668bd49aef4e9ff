package nl.tijdig.api.subscription;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What an erasure leaves of a consent, in {@code erased_consent}: that somebody agreed to
 * a version of the text of a campaign in a language, on which day, confirmed on which
 * day, and why they went. Nothing in it leads back to the person, so it may outlive them
 * as the campaign's proof of consent.
 */
@Repository
class ErasedConsents {

	private final JdbcClient jdbc;

	ErasedConsents(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Keeps the trace of a subscriber about to be deleted in the same transaction. */
	void keepTraceOf(UUID subscriberId, Erasure.Reason reason) {
		this.jdbc.sql("""
				INSERT INTO erased_consent (campaign_id, consent_version, consent_language, consented_on,
				  confirmed_on, erased_on, erased_because)
				SELECT campaign_id, consent_version, consent_language, (consented_at AT TIME ZONE 'UTC')::date,
				  (confirmed_at AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date, ?
				FROM subscriber WHERE id = ?
				""").params(reason.name(), subscriberId).update();
	}

}

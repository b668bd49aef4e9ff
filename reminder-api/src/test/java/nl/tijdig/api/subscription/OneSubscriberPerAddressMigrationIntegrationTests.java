package nl.tijdig.api.subscription;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code V8__one_subscriber_per_address.sql} on a schema of its own that holds addresses
 * signed up twice in different cases, as version 7 allowed: which row stays, that the
 * others leave with a tombstone each, and that the database refuses a new duplicate.
 */
class OneSubscriberPerAddressMigrationIntegrationTests {

	private MigrationSchema schema;

	private JdbcClient jdbc;

	private UUID campaign;

	private UUID otherCampaign;

	private final Instant t0 = Instant.parse("2025-10-01T08:00:00Z");

	@BeforeEach
	void migrateToVersion7() {
		this.schema = new MigrationSchema("7");
		this.jdbc = this.schema.jdbc();
		this.campaign = this.jdbc.sql("SELECT id FROM campaign").query(UUID.class).single();
		this.otherCampaign = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO campaign (id, slug, platform, status, deadline, time_zone, waves, content, data_erasure_at)
				SELECT ?, 'other', platform, status, deadline, time_zone, waves, content, data_erasure_at
				FROM campaign WHERE id = ?
				""").params(this.otherCampaign, this.campaign).update();
	}

	@AfterEach
	void dropTheSchema() {
		this.schema.close();
	}

	/**
	 * Tried: Anna pending, then anna confirmed, then ANNA unsubscribed; bob confirmed,
	 * then Bob confirmed; Dirk confirmed, then dirk done; carl once; Anna again in
	 * another campaign.
	 */
	@Test
	void keepsTheRowThatStopsMailOrElseTheFirstAndErasesTheOthers() {
		UUID annaPending = subscriber(this.campaign, "Anna@example.org", "PENDING", 0);
		UUID annaConfirmed = subscriber(this.campaign, "anna@example.org", "CONFIRMED", 1);
		UUID annaUnsubscribed = subscriber(this.campaign, "ANNA@example.org", "UNSUBSCRIBED", 2);
		UUID bobFirst = subscriber(this.campaign, "bob@example.org", "CONFIRMED", 3);
		UUID bobSecond = subscriber(this.campaign, "Bob@example.org", "CONFIRMED", 4);
		UUID dirkConfirmed = subscriber(this.campaign, "Dirk@example.org", "CONFIRMED", 5);
		UUID dirkDone = subscriber(this.campaign, "dirk@example.org", "DONE", 6);
		UUID carl = subscriber(this.campaign, "carl@example.org", "CONFIRMED", 7);
		UUID annaElsewhere = subscriber(this.otherCampaign, "anna@example.org", "CONFIRMED", 8);

		this.schema.migrateTo("8");

		assertThat(this.jdbc.sql("SELECT id FROM subscriber").query(UUID.class).set())
			.containsExactlyInAnyOrder(annaUnsubscribed, bobFirst, dirkDone, carl, annaElsewhere);
		List<Map<String, Object>> outbox = this.jdbc
			.sql("SELECT topic, record_key, event_type, payload FROM outbox_event ORDER BY id")
			.query()
			.listOfRows();
		assertThat(outbox).extracting((row) -> row.get("record_key"))
			.containsExactlyInAnyOrder(annaPending.toString(), annaConfirmed.toString(), bobSecond.toString(),
					dirkConfirmed.toString());
		assertThat(outbox).allSatisfy((row) -> {
			assertThat(row.get("topic")).isEqualTo(Topics.SUBSCRIBERS);
			assertThat(row.get("event_type")).as("a tombstone").isNull();
			assertThat(row.get("payload")).as("a tombstone").isNull();
		});
	}

	/** Tried: a new row for aNNa after the migration, and one in another campaign. */
	@Test
	void refusesASecondRowForTheSameAddressInAnotherCase() {
		subscriber(this.campaign, "Anna@example.org", "CONFIRMED", 0);
		this.schema.migrateTo("8");

		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> subscriber(this.campaign, "aNNa@example.org", "PENDING", 1));
		subscriber(this.otherCampaign, "aNNa@example.org", "PENDING", 1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM subscriber").query(Long.class).single()).isEqualTo(2);
	}

	private UUID subscriber(UUID campaign, String email, String status, int minutesLater) {
		UUID id = UUID.randomUUID();
		Timestamp at = Timestamp.from(this.t0.plusSeconds(60L * minutesLater));
		this.jdbc.sql("""
				INSERT INTO subscriber (id, campaign_id, email, language, status, consent_version, consented_at,
				  confirmed_at, created_at, updated_at)
				VALUES (?, ?, ?, 'EN', ?, '2025-09-1', ?, ?, ?, ?)
				""").params(id, campaign, email, status, at, "PENDING".equals(status) ? null : at, at, at).update();
		return id;
	}

}

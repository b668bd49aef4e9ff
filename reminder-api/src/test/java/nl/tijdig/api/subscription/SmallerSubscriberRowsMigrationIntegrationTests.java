package nl.tijdig.api.subscription;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code V13__smaller_subscriber_rows.sql} on a schema of its own that holds subscribers
 * of version 12: every time and version reads as before, the times that repeat another
 * are left out of the row, and one address per campaign whatever its case still holds.
 */
class SmallerSubscriberRowsMigrationIntegrationTests {

	private MigrationSchema schema;

	private JdbcClient jdbc;

	private UUID campaign;

	private final Instant t0 = Instant.parse("2025-10-01T08:00:00.123456Z");

	@BeforeEach
	void migrateToVersion12() {
		this.schema = new MigrationSchema("12");
		this.jdbc = this.schema.jdbc();
		this.campaign = this.jdbc.sql("SELECT id FROM campaign").query(UUID.class).single();
	}

	@AfterEach
	void dropTheSchema() {
		this.schema.close();
	}

	/**
	 * Tried: a sign-up never changed, in the same moment on both clocks; one whose row
	 * was written a moment after its consent; one confirmed later; one signed up again a
	 * day later, then confirmed.
	 */
	@Test
	void keepsEveryTimeAndVersionAndLeavesOutTheTimesThatRepeatAnother() {
		UUID untouched = subscriber("untouched@example.org", this.t0, this.t0, this.t0, 1);
		UUID written = subscriber("written@example.org", this.t0, this.t0.plusMillis(3), this.t0.plusMillis(3), 1);
		UUID confirmed = subscriber("confirmed@example.org", this.t0, this.t0, this.t0.plusSeconds(600), 2);
		UUID again = subscriber("again@example.org", this.t0.plusSeconds(86_400), this.t0, this.t0.plusSeconds(90_000),
				3);
		Map<UUID, Map<String, Object>> before = rows("created_at", "updated_at");

		this.schema.migrateTo("13");

		assertThat(rows("coalesce(created_at, consented_at) AS created_at",
				"coalesce(updated_at, created_at, consented_at) AS updated_at"))
			.isEqualTo(before);
		assertThat(stored(untouched)).as("untouched").containsExactly(null, null);
		assertThat(stored(written)).as("written later").containsExactly(at(this.t0.plusMillis(3)), null);
		assertThat(stored(confirmed)).as("confirmed").containsExactly(null, at(this.t0.plusSeconds(600)));
		assertThat(stored(again)).as("signed up again").containsExactly(at(this.t0), at(this.t0.plusSeconds(90_000)));
		assertThat(this.jdbc.sql("SELECT count(*) FROM subscriber WHERE updated_at IS NULL AND created_at IS NULL")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	/** Tried: aNNa after Anna in the same campaign, and in another. */
	@Test
	void stillRefusesASecondRowForTheSameAddressInAnotherCase() {
		subscriber("Anna@example.org", this.t0, this.t0, this.t0, 1);
		this.schema.migrateTo("13");
		UUID other = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO campaign (id, slug, platform, status, deadline, time_zone, waves, content, data_erasure_at)
				SELECT ?, 'other', platform, status, deadline, time_zone, waves, content, data_erasure_at
				FROM campaign WHERE id = ?
				""").params(other, this.campaign).update();

		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> subscriber("aNNa@example.org", this.t0, this.t0, this.t0, 1));
		this.jdbc.sql("""
				INSERT INTO subscriber (id, campaign_id, email, language, status, consent_version, consented_at)
				VALUES (?, ?, 'aNNa@example.org', 'EN', 'PENDING', '2025-09-1', now())
				""").params(UUID.randomUUID(), other).update();
		assertThat(this.jdbc.sql("SELECT count(*) FROM subscriber").query(Long.class).single()).isEqualTo(2);
	}

	private UUID subscriber(String email, Instant consentedAt, Instant createdAt, Instant updatedAt, long version) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO subscriber (id, campaign_id, email, language, status, consent_version, consented_at,
				  created_at, updated_at, version)
				VALUES (?, ?, ?, 'EN', 'PENDING', '2025-09-1', ?, ?, ?, ?)
				""").params(id, this.campaign, email, at(consentedAt), at(createdAt), at(updatedAt), version).update();
		return id;
	}

	private Map<UUID, Map<String, Object>> rows(String createdAt, String updatedAt) {
		Map<UUID, Map<String, Object>> rows = new HashMap<>();
		this.jdbc
			.sql("SELECT id, email, consented_at, " + createdAt + ", " + updatedAt + ", version::bigint AS version "
					+ "FROM subscriber")
			.query((rs) -> {
				rows.put(rs.getObject("id", UUID.class),
						Map.of("email", rs.getString("email"), "consented_at", rs.getTimestamp("consented_at"),
								"created_at", rs.getTimestamp("created_at"), "updated_at",
								rs.getTimestamp("updated_at"), "version", rs.getLong("version")));
			});
		return rows;
	}

	private List<Timestamp> stored(UUID id) {
		return this.jdbc.sql("SELECT created_at, updated_at FROM subscriber WHERE id = ?")
			.param(id)
			.query((rs, row) -> Arrays.asList(rs.getTimestamp(1), rs.getTimestamp(2)))
			.single();
	}

	private static Timestamp at(Instant instant) {
		return Timestamp.from(instant);
	}

}

package nl.tijdig.notifier.suppression;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.privacy.KeyedHash;
import nl.tijdig.infrastructure.Infrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 8 ({@link SuppressionRekeying}) on a schema of its own that holds a
 * suppression list of bare SHA-256 hashes, as version 7 wrote it.
 */
class SuppressionRekeyingIntegrationTests {

	private static final KeyedHash HASHES = new KeyedHash(
			"a key of thirty-two bytes or more".getBytes(StandardCharsets.US_ASCII));

	private final String schema = "rekeying_" + UUID.randomUUID().toString().replace("-", "");

	private final Instant bouncedAt = Instant.parse("2025-10-20T07:30:00Z");

	private SingleConnectionDataSource dataSource;

	private JdbcClient jdbc;

	@BeforeEach
	void migrateToVersion7() {
		Infrastructure infrastructure = Infrastructure.shared();
		this.dataSource = new SingleConnectionDataSource(infrastructure.jdbcUrl(), infrastructure.jdbcUsername(),
				infrastructure.jdbcPassword(), true);
		flyway("7").migrate();
		this.jdbc = JdbcClient.create(this.dataSource);
		this.jdbc.sql("set search_path to " + this.schema).update();
	}

	@AfterEach
	void dropTheSchema() {
		this.jdbc.sql("drop schema " + this.schema + " cascade").update();
		this.dataSource.destroy();
	}

	/**
	 * Tried: Anna@example.org bounced and is a subscriber (in two campaigns); bob@ was
	 * refused and is one; a complainant no subscriber has any more (erased); carl@ is a
	 * subscriber who was never suppressed.
	 */
	@Test
	void keysTheSuppressionsOfKnownAddressesAndDropsTheBareHashesOfTheRest() throws Exception {
		recipient("Anna@example.org");
		recipient("anna@example.org");
		recipient("bob@example.org");
		recipient("carl@example.org");
		bareSuppression("anna@example.org", "bounced", "bounce");
		bareSuppression("bob@example.org", "refused", "smtp");
		bareSuppression("erased@example.org", "complained", "complaint");

		flyway("8").migrate();

		List<Map<String, Object>> rows = this.jdbc
			.sql("select address_hash, reason, source, suppressed_at from suppressed_address order by reason")
			.query()
			.listOfRows();
		assertThat(rows).extracting((row) -> row.get("address_hash"))
			.containsExactly(HASHES.ofAddress("anna@example.org"), HASHES.ofAddress("bob@example.org"));
		assertThat(rows).extracting((row) -> row.get("source")).containsExactly("bounce", "smtp");
		assertThat(rows).extracting((row) -> ((Timestamp) row.get("suppressed_at")).toInstant())
			.containsOnly(this.bouncedAt);
		SuppressedAddresses addresses = new SuppressedAddresses(this.jdbc, Clock.systemUTC(), HASHES);
		assertThat(addresses.contains("ANNA@example.org")).as("a send to Anna still stopped").isTrue();
		assertThat(addresses.suppressedAmong(List.of("bob@example.org", "carl@example.org")))
			.containsExactly("bob@example.org");
		assertThat(addresses.contains("erased@example.org")).isFalse();
	}

	@Test
	void changesNothingWithoutSuppressions() {
		recipient("dana@example.org");

		flyway("8").migrate();

		assertThat(this.jdbc.sql("select count(*) from suppressed_address").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("select success from flyway_schema_history where version = '8'")
			.query(Boolean.class)
			.single()).isTrue();
	}

	private void recipient(String email) {
		this.jdbc.sql("""
				insert into recipient (subscriber_id, campaign_id, email, language, status, last_event_time)
				values (?, ?, ?, 'EN', 'CONFIRMED', now())
				""").params(UUID.randomUUID(), UUID.randomUUID(), email).update();
	}

	private void bareSuppression(String address, String reason, String source) throws Exception {
		this.jdbc
			.sql("insert into suppressed_address (address_hash, reason, source, suppressed_at) values (?, ?, ?, ?)")
			.params(SuppressedAddressesIntegrationTests.sha256(address), reason, source, Timestamp.from(this.bouncedAt))
			.update();
	}

	private Flyway flyway(String target) {
		return Flyway.configure()
			.dataSource(this.dataSource)
			.schemas(this.schema)
			.defaultSchema(this.schema)
			.locations("classpath:db/migration/notifier", "classpath:db/outbox")
			.javaMigrations(new SuppressionRekeying(HASHES))
			.target(target)
			.load();
	}

}

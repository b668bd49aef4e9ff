package nl.tijdig.api.subscription;

import java.util.UUID;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import nl.tijdig.infrastructure.Infrastructure;

/**
 * A schema of its own on the shared PostgreSQL, migrated to a chosen version of
 * reminder-api's migrations, for a test of the migration after it on data the version
 * before allowed. Closing it drops the schema.
 */
final class MigrationSchema implements AutoCloseable {

	private final String schema = "migration_" + UUID.randomUUID().toString().replace("-", "");

	private final SingleConnectionDataSource dataSource;

	private final JdbcClient jdbc;

	/**
	 * @param version the migration to stop at, e.g. {@code "12"}
	 */
	MigrationSchema(String version) {
		Infrastructure infrastructure = Infrastructure.shared();
		this.dataSource = new SingleConnectionDataSource(infrastructure.jdbcUrl(), infrastructure.jdbcUsername(),
				infrastructure.jdbcPassword(), true);
		migrateTo(version);
		this.jdbc = JdbcClient.create(this.dataSource);
		this.jdbc.sql("SET search_path TO " + this.schema).update();
	}

	/** Statements on the schema, over the one connection the migrations use too. */
	JdbcClient jdbc() {
		return this.jdbc;
	}

	void migrateTo(String version) {
		Flyway.configure()
			.dataSource(this.dataSource)
			.schemas(this.schema)
			.defaultSchema(this.schema)
			.locations("classpath:db/migration/reminder-api", "classpath:db/outbox")
			.placeholders(MigrationPlaceholders.PLACEHOLDERS)
			.target(version)
			.load()
			.migrate();
	}

	@Override
	public void close() {
		this.jdbc.sql("DROP SCHEMA " + this.schema + " CASCADE").update();
		this.dataSource.destroy();
	}

}

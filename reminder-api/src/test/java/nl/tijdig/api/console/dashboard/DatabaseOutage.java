package nl.tijdig.api.console.dashboard;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import nl.tijdig.infrastructure.Infrastructure;

/**
 * PostgreSQL going away under a running service, as a failover or a restart looks from
 * the application: every open connection of the {@code tijdig} database is cut and new
 * ones are refused until {@link #close()}. The switch is thrown from the server's
 * {@code postgres} database, as PostgreSQL refuses to lock out the database one is
 * connected to. Every service context in the JVM loses its database meanwhile.
 */
final class DatabaseOutage implements AutoCloseable {

	private final Connection admin;

	private DatabaseOutage(Connection admin) {
		this.admin = admin;
	}

	static DatabaseOutage begin() {
		Infrastructure infrastructure = Infrastructure.shared();
		try {
			String url = infrastructure.jdbcUrl().replaceFirst("/tijdig(\\?|$)", "/postgres$1");
			Connection admin = DriverManager.getConnection(url, infrastructure.jdbcUsername(),
					infrastructure.jdbcPassword());
			try (Statement statement = admin.createStatement()) {
				statement.execute("ALTER DATABASE tijdig ALLOW_CONNECTIONS false");
				statement
					.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity" + " WHERE datname = 'tijdig'");
			}
			return new DatabaseOutage(admin);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot take the database away", ex);
		}
	}

	@Override
	public void close() {
		try (Connection admin = this.admin; Statement statement = admin.createStatement()) {
			statement.execute("ALTER DATABASE tijdig ALLOW_CONNECTIONS true");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot bring the database back", ex);
		}
	}

}

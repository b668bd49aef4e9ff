package nl.tijdig.systemtests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import nl.tijdig.infrastructure.EmbeddedPostgresServer;

/**
 * Reads the services' tables over JDBC, as an operator would: the oracle's view of what
 * each service recorded. A connection per query, because PostgreSQL may have been away
 * since the last one.
 */
final class Database {

	private final EmbeddedPostgresServer postgres;

	Database(EmbeddedPostgresServer postgres) {
		this.postgres = postgres;
	}

	<T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
		try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			List<T> rows = new ArrayList<>();
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					rows.add(mapper.map(result));
				}
			}
			return rows;
		}
	}

	/**
	 * A connection of the test's own, for a transaction it holds open while the services
	 * work (a lock in their way); the caller closes it.
	 */
	Connection connect() throws SQLException {
		return DriverManager.getConnection(this.postgres.jdbcUrl(), this.postgres.username(), this.postgres.password());
	}

	/** The same query, tried again while PostgreSQL is away, for at most two minutes. */
	<T> List<T> queryPatiently(String sql, RowMapper<T> mapper, Object... parameters) {
		long deadline = System.nanoTime() + 120_000_000_000L;
		while (true) {
			try {
				return query(sql, mapper, parameters);
			}
			catch (SQLException ex) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("PostgreSQL did not answer: " + sql, ex);
				}
				Service.sleep(250);
			}
		}
	}

	interface RowMapper<T> {

		T map(ResultSet row) throws SQLException;

	}

}

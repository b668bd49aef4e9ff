package nl.tijdig.infrastructure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EmbeddedPostgresServerIntegrationTests {

	private static EmbeddedPostgresServer postgres;

	@BeforeAll
	static void startServer() {
		postgres = EmbeddedPostgresServer.start();
	}

	@AfterAll
	static void stopServer() {
		postgres.close();
	}

	@Test
	void rowsInsertedAreSelected() throws Exception {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE subscriber (id uuid PRIMARY KEY, email text NOT NULL)");
			statement.execute("INSERT INTO subscriber VALUES (gen_random_uuid(), 'anne@example.org'),"
					+ " (gen_random_uuid(), 'bram@example.org')");
			List<String> emails = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery("SELECT email FROM subscriber ORDER BY email")) {
				while (rows.next()) {
					emails.add(rows.getString(1));
				}
			}
			assertThat(emails).containsExactly("anne@example.org", "bram@example.org");
		}
	}

	@Test
	void connectsToTheTijdigDatabaseAsItsOwner() throws Exception {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT current_database(), current_user, version()")) {
			assertThat(row.next()).isTrue();
			assertThat(row.getString(1)).isEqualTo("tijdig");
			assertThat(row.getString(2)).isEqualTo("tijdig");
			assertThat(row.getString(3)).startsWith("PostgreSQL 17.");
		}
	}

	@Test
	void foldsTheCaseOfNonAsciiLetters() throws Exception {
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement("SELECT lower(?)")) {
			statement.setString(1, "ÉLODIE@Example.ORG");
			try (ResultSet row = statement.executeQuery()) {
				assertThat(row.next()).isTrue();
				assertThat(row.getString(1)).isEqualTo("élodie@example.org");
			}
		}
	}

	@Test
	void aCommittedRowOutlivesAnImmediateStopOfADurableServerWhichRefusesConnectionsUntilStartedAgain()
			throws Exception {
		try (EmbeddedPostgresServer durable = EmbeddedPostgresServer.startDurable()) {
			try (Connection connection = connect(durable); Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE survivor (name text)");
				statement.execute("INSERT INTO survivor VALUES ('committed before the crash')");
			}

			durable.stopImmediately();

			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(durable));
			durable.startAgain();
			try (Connection connection = connect(durable);
					Statement statement = connection.createStatement();
					ResultSet row = statement.executeQuery("SELECT name FROM survivor")) {
				assertThat(row.next()).isTrue();
				assertThat(row.getString(1)).isEqualTo("committed before the crash");
			}
		}
	}

	private static Connection connect() throws SQLException {
		return connect(postgres);
	}

	private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
		return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
	}

}

package nl.tijdig.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server from the real binaries that io.zonky.test ships in a jar, run as
 * a child process with its data in a temporary directory that is deleted on
 * {@link #close()}. It holds one database, {@value #DATABASE}, owned by the
 * {@value #USERNAME} role; the services keep their tables in their own schemas in it.
 * <p>
 * Durability is traded for speed (no fsync): a crash of the test JVM loses the data,
 * which a test never needs.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	public static final String DATABASE = "tijdig";

	public static final String USERNAME = "tijdig";

	public static final String PASSWORD = "tijdig";

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * Starts a server on a free port.
	 * @return the running server
	 */
	public static EmbeddedPostgresServer start() {
		return start(0);
	}

	/**
	 * Starts a server listening on the loopback interface.
	 * @param port the port, or 0 for a free one
	 * @return the running server
	 */
	public static EmbeddedPostgresServer start(int port) {
		QuietLogging.apply();
		long started = System.nanoTime();
		EmbeddedPostgres postgres;
		try {
			postgres = EmbeddedPostgres.builder()
				.setPort(FreePorts.orFree(port))
				// The first start on a machine unpacks the binaries; a busy CI
				// machine is slow.
				.setPGStartupWait(Duration.ofSeconds(60))
				// Unicode-aware lower()/upper() without depending on the host's locales.
				.setLocaleConfig("locale-provider", "builtin")
				.setLocaleConfig("builtin-locale", "C.UTF-8")
				// Every cached Spring test context keeps its own connection pool open.
				.setServerConfig("max_connections", "300")
				.setServerConfig("synchronous_commit", "off")
				.setServerConfig("full_page_writes", "off")
				// Whoever started the server stops it, after the applications that
				// use it.
				.setRegisterShutdownHook(false)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start", ex);
		}
		EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
		try {
			server.createDatabase();
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		logger.info("PostgreSQL started on port {} in {} ms", server.port(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		return server;
	}

	/**
	 * The JDBC URL of the {@value #DATABASE} database.
	 * @return the URL, e.g. {@code jdbc:postgresql://127.0.0.1:15432/tijdig}
	 */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
	}

	public String username() {
		return USERNAME;
	}

	public String password() {
		return PASSWORD;
	}

	public int port() {
		return this.postgres.getPort();
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not stop cleanly", ex);
		}
	}

	// A superuser, as the postgres image makes POSTGRES_USER one: the two variants grant
	// the services the same rights.
	private void createDatabase() {
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE ROLE " + USERNAME + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
			statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create the " + DATABASE + " database", ex);
		}
	}

}

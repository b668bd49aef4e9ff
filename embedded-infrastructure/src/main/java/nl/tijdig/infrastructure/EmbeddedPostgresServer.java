package nl.tijdig.infrastructure;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

	private final Path dataDirectory;

	private final int port;

	private final boolean durable;

	private EmbeddedPostgres postgres;

	private boolean stopped;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, boolean durable) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
		this.port = postgres.getPort();
		this.durable = durable;
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
		return start(port, false);
	}

	/**
	 * Starts a server on a free port that acknowledges a commit only once it is in the
	 * write-ahead log ({@code synchronous_commit} on, as PostgreSQL's default is), so
	 * that {@link #stopImmediately()} loses nothing committed: for tests that crash the
	 * server.
	 * @return the running server
	 */
	public static EmbeddedPostgresServer startDurable() {
		return start(0, true);
	}

	private static EmbeddedPostgresServer start(int port, boolean durable) {
		QuietLogging.apply();
		long started = System.nanoTime();
		// A data directory of our own, kept across a restart (see stopImmediately).
		Path dataDirectory = TemporaryDirectories.create("tijdig-postgres-");
		EmbeddedPostgres postgres;
		try {
			postgres = postmaster(FreePorts.orFree(port), dataDirectory, durable);
		}
		catch (IOException ex) {
			TemporaryDirectories.delete(dataDirectory);
			throw new UncheckedIOException("PostgreSQL did not start", ex);
		}
		EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDirectory, durable);
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
		return this.port;
	}

	/**
	 * Stops the server as a crash would: {@code pg_ctl -m immediate stop}, which ends
	 * every process of the server at once, without a checkpoint, and leaves recovery to
	 * the next start. Connections break; new ones are refused until
	 * {@link #startAgain()}.
	 */
	public synchronized void stopImmediately() {
		Path pgCtl = binaries().resolve("pg_ctl");
		run(List.of(pgCtl.toString(), "-D", this.dataDirectory.toString(), "-m", "immediate", "-w", "stop"));
		this.stopped = true;
		try {
			// Releases io.zonky.test's lock on the data directory. Its own stop finds
			// nothing left to stop and logs "Could not stop postmaster" at ERROR:
			// expected.
			this.postgres.close();
		}
		catch (IOException ex) {
			// nothing to stop
		}
	}

	/**
	 * Starts the server again after {@link #stopImmediately()}, on the same port with the
	 * same data, which PostgreSQL recovers from its write-ahead log first.
	 */
	public synchronized void startAgain() {
		long started = System.nanoTime();
		try {
			this.postgres = postmaster(this.port, this.dataDirectory, this.durable);
			this.stopped = false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start again", ex);
		}
		logger.info("PostgreSQL started again on port {} in {} ms", this.port,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
	}

	/**
	 * Whether the server was {@linkplain #stopImmediately() stopped} and not started
	 * again.
	 */
	public synchronized boolean stopped() {
		return this.stopped;
	}

	@Override
	public synchronized void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not stop cleanly", ex);
		}
		finally {
			TemporaryDirectories.delete(this.dataDirectory);
		}
	}

	private static EmbeddedPostgres postmaster(int port, Path dataDirectory, boolean durable) throws IOException {
		return EmbeddedPostgres.builder()
			.setPort(port)
			.setDataDirectory(dataDirectory.toFile())
			// initdb only while the directory is empty
			.setCleanDataDirectory(false)
			// The first start on a machine unpacks the binaries; a busy CI
			// machine is slow.
			.setPGStartupWait(Duration.ofSeconds(60))
			// Unicode-aware lower()/upper() without depending on the host's locales.
			.setLocaleConfig("locale-provider", "builtin")
			.setLocaleConfig("builtin-locale", "C.UTF-8")
			// Every cached Spring test context keeps its own connection pool open.
			.setServerConfig("max_connections", "300")
			// Off, a commit is acknowledged before it is in the write-ahead log: what an
			// immediate stop may lose.
			.setServerConfig("synchronous_commit", durable ? "on" : "off")
			.setServerConfig("full_page_writes", "off")
			// Whoever started the server stops it, after the applications that
			// use it.
			.setRegisterShutdownHook(false)
			.start();
	}

	/**
	 * The binaries io.zonky.test unpacked, under {@code embedded-pg/PG-*} in the
	 * temporary directory.
	 */
	private static Path binaries() {
		Path unpacked = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
		try (Stream<Path> versions = Files.list(unpacked)) {
			return versions.map((version) -> version.resolve("bin"))
				.filter((bin) -> Files.isExecutable(bin.resolve("pg_ctl")))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No pg_ctl under " + unpacked));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot look for PostgreSQL's binaries in " + unpacked, ex);
		}
	}

	// PostgreSQL refuses to run as root; io.zonky.test runs its binaries in a user
	// namespace then, and so must pg_ctl be, or it refuses too.
	private static void run(List<String> command) {
		List<String> line = new ArrayList<>();
		if ("root".equals(System.getProperty("user.name")) && new File("/usr/bin/unshare").canExecute()) {
			line.addAll(List.of("unshare", "-U"));
		}
		line.addAll(command);
		try {
			Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + line, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + line, ex);
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

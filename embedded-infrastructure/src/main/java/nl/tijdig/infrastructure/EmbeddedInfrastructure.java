package nl.tijdig.infrastructure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka, PostgreSQL and the mail server, all in this JVM (PostgreSQL as a child process).
 * Tests get theirs from {@link Infrastructure#shared()}; the local stack starts its own
 * on {@link Ports#localStack() the fixed ports} that the README documents:
 *
 * <pre class="code">
 * try (EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(Ports.localStack())) {
 *     // run the services with infrastructure.springProperties()
 * }
 * </pre>
 */
public final class EmbeddedInfrastructure implements Infrastructure {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

	private final EmbeddedKafka kafka;

	private final EmbeddedPostgresServer postgres;

	private final EmbeddedMailServer mail;

	private final MailpitClient mailClient;

	private EmbeddedInfrastructure(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, EmbeddedMailServer mail) {
		this.kafka = kafka;
		this.postgres = postgres;
		this.mail = mail;
		this.mailClient = mail.client();
	}

	/**
	 * Starts the three servers on free ports.
	 * @return the running servers
	 */
	public static EmbeddedInfrastructure start() {
		return start(Ports.free());
	}

	/**
	 * Starts the three servers; Kafka and PostgreSQL start side by side.
	 * @param ports the ports to listen on, 0 for a free one
	 * @return the running servers
	 */
	public static EmbeddedInfrastructure start(Ports ports) {
		long started = System.nanoTime();
		// Own threads: on two cores the common pool has one, which would start them
		// in turn.
		ExecutorService starters = Executors.newFixedThreadPool(2);
		CompletableFuture<EmbeddedPostgresServer> postgres = CompletableFuture
			.supplyAsync(() -> EmbeddedPostgresServer.start(ports.postgres()), starters);
		CompletableFuture<EmbeddedKafka> kafka = CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(ports.kafka()),
				starters);
		starters.shutdown();
		EmbeddedMailServer mail = null;
		try {
			mail = EmbeddedMailServer.start(ports.smtp(), ports.mailApi());
			EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure(kafka.join(), postgres.join(), mail);
			logger.info("Embedded infrastructure started in {} ms: Kafka {}, PostgreSQL {}, SMTP {}:{}, mail {}",
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), infrastructure.kafkaBootstrapServers(),
					infrastructure.jdbcUrl(), infrastructure.smtpHost(), infrastructure.smtpPort(),
					infrastructure.mailApiUrl());
			return infrastructure;
		}
		catch (RuntimeException ex) {
			// Whatever did start must not outlive the failure, or its port stays taken.
			closeQuietly(mail);
			kafka.thenAccept(EmbeddedInfrastructure::closeQuietly);
			postgres.thenAccept(EmbeddedInfrastructure::closeQuietly);
			throw (ex instanceof CompletionException && ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	public EmbeddedKafka kafka() {
		return this.kafka;
	}

	public EmbeddedPostgresServer postgres() {
		return this.postgres;
	}

	public EmbeddedMailServer mailServer() {
		return this.mail;
	}

	@Override
	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	@Override
	public String jdbcUrl() {
		return this.postgres.jdbcUrl();
	}

	@Override
	public String jdbcUsername() {
		return this.postgres.username();
	}

	@Override
	public String jdbcPassword() {
		return this.postgres.password();
	}

	@Override
	public String smtpHost() {
		return this.mail.smtpHost();
	}

	@Override
	public int smtpPort() {
		return this.mail.smtpPort();
	}

	@Override
	public String mailApiUrl() {
		return this.mail.apiUrl();
	}

	@Override
	public MailpitClient mail() {
		return this.mailClient;
	}

	/**
	 * Stops the servers: mail first, PostgreSQL last, as the services that use them would
	 * stop.
	 */
	@Override
	public void close() {
		closeQuietly(this.mail);
		closeQuietly(this.kafka);
		closeQuietly(this.postgres);
	}

	private static void closeQuietly(AutoCloseable server) {
		if (server == null) {
			return;
		}
		try {
			server.close();
		}
		catch (Exception ex) {
			logger.warn("{} did not stop cleanly", server.getClass().getSimpleName(), ex);
		}
	}

	/**
	 * The ports the servers listen on, all on 127.0.0.1; 0 means a free port.
	 *
	 * @param kafka Kafka's client port
	 * @param postgres PostgreSQL's port
	 * @param smtp the SMTP port
	 * @param mailApi the port of the web inbox and its Mailpit-compatible API
	 */
	public record Ports(int kafka, int postgres, int smtp, int mailApi) {

		/**
		 * Free ports for all four, as tests use: they must run while a local stack holds
		 * the fixed ones.
		 * @return free ports
		 */
		public static Ports free() {
			return new Ports(0, 0, 0, 0);
		}

		/**
		 * The local stack's fixed ports: Kafka 19092, PostgreSQL 15432, SMTP 1025 and the
		 * inbox 8025 (Mailpit's ports, clear of servers a developer may already run).
		 * @return the local stack's ports
		 */
		public static Ports localStack() {
			return new Ports(19092, 15432, 1025, 8025);
		}

	}

}

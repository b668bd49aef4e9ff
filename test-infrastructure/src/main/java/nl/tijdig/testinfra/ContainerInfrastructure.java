package nl.tijdig.testinfra;

import java.util.stream.Stream;

import nl.tijdig.infrastructure.EmbeddedMailServer;
import nl.tijdig.infrastructure.EmbeddedPostgresServer;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.MailpitClient;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same three servers as Testcontainers, for machines with a Docker engine: the images
 * docker-compose runs, configured as the embedded servers are (no automatic topic
 * creation, any SMTP credentials accepted, a {@code tijdig} database).
 */
final class ContainerInfrastructure implements Infrastructure {

	static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

	static final String POSTGRES_IMAGE = "postgres:17";

	static final String MAILPIT_IMAGE = "axllent/mailpit:v1.31.1";

	private static final int SMTP_PORT = 1025;

	private static final int MAIL_API_PORT = 8025;

	private final KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE).withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE",
			"false");

	private final PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
		.withDatabaseName(EmbeddedPostgresServer.DATABASE)
		.withUsername(EmbeddedPostgresServer.USERNAME)
		.withPassword(EmbeddedPostgresServer.PASSWORD);

	@SuppressWarnings("resource")
	private final GenericContainer<?> mailpit = new GenericContainer<>(MAILPIT_IMAGE)
		.withExposedPorts(SMTP_PORT, MAIL_API_PORT)
		.withEnv("MP_SMTP_AUTH_ACCEPT_ANY", "1")
		.withEnv("MP_SMTP_AUTH_ALLOW_INSECURE", "1")
		.withEnv("MP_MAX_MESSAGES", String.valueOf(EmbeddedMailServer.CAPACITY))
		// Lets tests make SMTP fail through the API, as they do with the embedded server.
		.withEnv("MP_ENABLE_CHAOS", "true")
		.waitingFor(Wait.forHttp("/api/v1/messages").forPort(MAIL_API_PORT));

	private MailpitClient mailClient;

	static ContainerInfrastructure start() {
		ContainerInfrastructure infrastructure = new ContainerInfrastructure();
		try {
			Startables.deepStart(infrastructure.kafka, infrastructure.postgres, infrastructure.mailpit).join();
		}
		catch (RuntimeException ex) {
			infrastructure.close();
			throw ex;
		}
		infrastructure.mailClient = new MailpitClient(infrastructure.mailApiUrl());
		return infrastructure;
	}

	@Override
	public String kafkaBootstrapServers() {
		return this.kafka.getBootstrapServers();
	}

	@Override
	public String jdbcUrl() {
		return this.postgres.getJdbcUrl();
	}

	@Override
	public String jdbcUsername() {
		return this.postgres.getUsername();
	}

	@Override
	public String jdbcPassword() {
		return this.postgres.getPassword();
	}

	@Override
	public String smtpHost() {
		return this.mailpit.getHost();
	}

	@Override
	public int smtpPort() {
		return this.mailpit.getMappedPort(SMTP_PORT);
	}

	@Override
	public String mailApiUrl() {
		return "http://" + this.mailpit.getHost() + ":" + this.mailpit.getMappedPort(MAIL_API_PORT);
	}

	@Override
	public MailpitClient mail() {
		return this.mailClient;
	}

	@Override
	public void close() {
		Stream.<Startable>of(this.mailpit, this.kafka, this.postgres).forEach(Startable::stop);
	}

	/**
	 * What {@code -Dtijdig.infrastructure=containers} picks, registered in
	 * {@code META-INF/services}.
	 */
	public static final class Kind implements Infrastructure.Kind {

		@Override
		public String name() {
			return Infrastructure.CONTAINERS;
		}

		@Override
		public Infrastructure start() {
			return ContainerInfrastructure.start();
		}

	}

}

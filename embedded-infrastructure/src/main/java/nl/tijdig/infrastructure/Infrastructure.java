package nl.tijdig.infrastructure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The servers the platform runs on: a Kafka broker, a PostgreSQL server with the
 * {@code tijdig} database, and an SMTP server whose mail can be read through a
 * Mailpit-compatible API.
 * <p>
 * Tests use the {@link #shared() one instance per JVM}, on free ports, usually through
 * test-infrastructure's {@code @WithInfrastructure}. The local stack starts its own on
 * fixed ports with {@link EmbeddedInfrastructure#start(EmbeddedInfrastructure.Ports)}.
 */
public interface Infrastructure extends AutoCloseable {

	/**
	 * The system property that picks the servers for {@link #shared()}:
	 * {@value #EMBEDDED} (the default) or {@value #CONTAINERS}.
	 */
	String SELECTION_PROPERTY = "tijdig.infrastructure";

	/**
	 * Real servers in this JVM: no Docker needed.
	 */
	String EMBEDDED = "embedded";

	/**
	 * The same servers as Testcontainers: needs a Docker engine and test-infrastructure,
	 * which provides this {@link Kind}.
	 */
	String CONTAINERS = "containers";

	/**
	 * The infrastructure shared by every test in this JVM, started on first use on free
	 * ports and stopped when the JVM exits. Which kind is chosen by the
	 * {@value #SELECTION_PROPERTY} system property.
	 * @return the running infrastructure
	 */
	static Infrastructure shared() {
		return SharedInfrastructure.get();
	}

	/**
	 * The Kafka bootstrap servers, e.g. {@code 127.0.0.1:19092}.
	 * @return the bootstrap servers
	 */
	String kafkaBootstrapServers();

	/**
	 * The JDBC URL of the {@code tijdig} database.
	 * @return the URL
	 */
	String jdbcUrl();

	String jdbcUsername();

	String jdbcPassword();

	String smtpHost();

	int smtpPort();

	/**
	 * The base URL of the web inbox and its Mailpit-compatible API.
	 * @return the URL, e.g. {@code http://127.0.0.1:8025}
	 */
	String mailApiUrl();

	/**
	 * A client that reads the mail the SMTP server received.
	 * @return the client
	 */
	MailpitClient mail();

	/**
	 * The Spring Boot properties that connect an application to these servers.
	 * @return {@code spring.kafka.bootstrap-servers}, {@code spring.datasource.*} and
	 * {@code spring.mail.host}/{@code port}
	 */
	default Map<String, Object> springProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
		properties.put("spring.datasource.url", jdbcUrl());
		properties.put("spring.datasource.username", jdbcUsername());
		properties.put("spring.datasource.password", jdbcPassword());
		properties.put("spring.mail.host", smtpHost());
		properties.put("spring.mail.port", smtpPort());
		return properties;
	}

	/**
	 * An initializer that gives a Spring application {@link #springProperties()} (ahead
	 * of its configuration files) and keeps the servers' loggers at warnings after Spring
	 * Boot has set up logging.
	 * @return the initializer
	 */
	default InfrastructureInitializer initializer() {
		return new InfrastructureInitializer(this);
	}

	/**
	 * Stops the servers. The {@link #shared()} instance is stopped by a shutdown hook and
	 * must not be closed by a test.
	 */
	@Override
	void close();

	/**
	 * Another kind of servers for {@link #shared()}, found with
	 * {@link java.util.ServiceLoader} so that this module, which the local stack runs on,
	 * knows nothing of Testcontainers.
	 */
	interface Kind {

		/**
		 * The value of {@value #SELECTION_PROPERTY} that picks this kind.
		 * @return the name
		 */
		String name();

		/**
		 * Starts the servers on free ports.
		 * @return the running servers
		 */
		Infrastructure start();

	}

}

package nl.tijdig.infrastructure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class InfrastructureIntegrationTests {

	private final Infrastructure infrastructure = Infrastructure.shared();

	@Test
	void sharedInstanceIsStartedOnce() {
		assertThat(Infrastructure.shared()).isSameAs(this.infrastructure);
		assertThat(this.infrastructure).isInstanceOf(EmbeddedInfrastructure.class);
	}

	@Test
	void springPropertiesConnectToTheServers() {
		Map<String, Object> properties = this.infrastructure.springProperties();

		assertThat(properties).containsOnly(
				entry("spring.kafka.bootstrap-servers", this.infrastructure.kafkaBootstrapServers()),
				entry("spring.datasource.url", this.infrastructure.jdbcUrl()),
				entry("spring.datasource.username", "tijdig"), entry("spring.datasource.password", "tijdig"),
				entry("spring.mail.host", "127.0.0.1"), entry("spring.mail.port", this.infrastructure.smtpPort()));
		assertThat(this.infrastructure.kafkaBootstrapServers()).matches("127\\.0\\.0\\.1:\\d+")
			.isNotEqualTo("127.0.0.1:19092");
		assertThat(this.infrastructure.jdbcUrl()).matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/tijdig")
			.doesNotContain(":15432/");
		assertThat(this.infrastructure.smtpPort()).isNotEqualTo(1025);
		assertThat(this.infrastructure.mailApiUrl()).matches("http://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":8025");
	}

	@Test
	void everyServerAnswers() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.infrastructure.kafkaBootstrapServers()))) {
			assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
		}
		try (Connection connection = DriverManager.getConnection(this.infrastructure.jdbcUrl(),
				this.infrastructure.jdbcUsername(), this.infrastructure.jdbcPassword());
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT current_database()")) {
			assertThat(row.next()).isTrue();
			assertThat(row.getString(1)).isEqualTo("tijdig");
		}
		Properties smtp = new Properties();
		smtp.put("mail.smtp.host", this.infrastructure.smtpHost());
		smtp.put("mail.smtp.port", String.valueOf(this.infrastructure.smtpPort()));
		MimeMessage message = new MimeMessage(Session.getInstance(smtp));
		message.setFrom("herinnering@tijdig.nl");
		message.setRecipient(RecipientType.TO, new InternetAddress("shared-infrastructure@example.org"));
		message.setSubject("Shared");
		message.setText("Hello");
		Transport.send(message);
		assertThat(this.infrastructure.mail().messagesTo("shared-infrastructure@example.org"))
			.extracting(MailpitClient.MessageSummary::subject)
			.containsExactly("Shared");
	}

}

package nl.tijdig.infrastructure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class InfrastructureInitializerTests {

	private final Infrastructure infrastructure = new FixedInfrastructure();

	@Test
	void propertiesComeBeforeTheApplicationsOwn() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("application.yml",
						Map.of("spring.datasource.url", "jdbc:postgresql://127.0.0.1:15432/tijdig")));

			this.infrastructure.initializer().initialize(context);

			assertThat(context.getEnvironment().getProperty("spring.datasource.url"))
				.isEqualTo("jdbc:postgresql://127.0.0.1:5/tijdig");
			assertThat(context.getEnvironment().getProperty("spring.mail.port", Integer.class)).isEqualTo(3);
		}
	}

	@Test
	void turnsOnTheLocalProfileBesideTheApplicationsOwn() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment().setActiveProfiles("demo");

			this.infrastructure.initializer().initialize(context);

			assertThat(context.getEnvironment().getActiveProfiles()).containsExactlyInAnyOrder("demo", "local");
			assertThat(context.getEnvironment().getProperty("management.server.port", Integer.class)).isNull();
		}
	}

	@Test
	void testsInlinedPropertiesComeFirst() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("Inlined Test Properties", Map.of("spring.mail.port", "1")));

			this.infrastructure.initializer().initialize(context);

			assertThat(context.getEnvironment().getProperty("spring.mail.port")).isEqualTo("1");
			assertThat(context.getEnvironment().getProperty("spring.kafka.bootstrap-servers")).isEqualTo("127.0.0.1:9");
		}
	}

	private static final class FixedInfrastructure implements Infrastructure {

		@Override
		public String kafkaBootstrapServers() {
			return "127.0.0.1:9";
		}

		@Override
		public String jdbcUrl() {
			return "jdbc:postgresql://127.0.0.1:5/tijdig";
		}

		@Override
		public String jdbcUsername() {
			return "tijdig";
		}

		@Override
		public String jdbcPassword() {
			return "tijdig";
		}

		@Override
		public String smtpHost() {
			return "127.0.0.1";
		}

		@Override
		public int smtpPort() {
			return 3;
		}

		@Override
		public String mailApiUrl() {
			return "http://127.0.0.1:4";
		}

		@Override
		public MailpitClient mail() {
			return new MailpitClient(mailApiUrl());
		}

		@Override
		public void close() {
		}

	}

}

package nl.tijdig.testinfra;

import nl.tijdig.infrastructure.Infrastructure;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = WithInfrastructureIntegrationTests.Application.class, webEnvironment = WebEnvironment.NONE,
		properties = "spring.main.banner-mode=off")
@WithInfrastructure
class WithInfrastructureIntegrationTests {

	@Autowired
	private Environment environment;

	@Test
	void applicationIsConnectedToTheSharedServers() {
		Infrastructure infrastructure = Infrastructure.shared();
		assertThat(this.environment.getProperty("spring.kafka.bootstrap-servers"))
			.isEqualTo(infrastructure.kafkaBootstrapServers());
		assertThat(this.environment.getProperty("spring.datasource.url")).isEqualTo(infrastructure.jdbcUrl());
		assertThat(this.environment.getProperty("spring.datasource.username")).isEqualTo("tijdig");
		assertThat(this.environment.getProperty("spring.datasource.password")).isEqualTo("tijdig");
		assertThat(this.environment.getProperty("spring.mail.host")).isEqualTo("127.0.0.1");
		assertThat(this.environment.getProperty("spring.mail.port", Integer.class))
			.isEqualTo(infrastructure.smtpPort());
	}

	@Test
	void infrastructureWinsOverTheApplicationsConfiguration() {
		// application.properties in the test resources names the local stack's ports.
		assertThat(this.environment.getProperty("spring.kafka.bootstrap-servers")).isNotEqualTo("127.0.0.1:19092");
		assertThat(this.environment.getProperty("tijdig.from-application-properties")).isEqualTo("yes");
	}

	@Nested
	@NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
	@SpringBootTest(classes = WithInfrastructureIntegrationTests.Application.class,
			webEnvironment = WebEnvironment.NONE, properties = "spring.mail.port=1")
	@WithInfrastructure
	class TestProperties {

		@Autowired
		private Environment environment;

		@Test
		void testsOwnPropertiesWinOverTheInfrastructure() {
			assertThat(this.environment.getProperty("spring.mail.port")).isEqualTo("1");
			assertThat(this.environment.getProperty("spring.datasource.url"))
				.isEqualTo(Infrastructure.shared().jdbcUrl());
		}

	}

	@SpringBootConfiguration
	static class Application {

	}

}

package nl.tijdig.infrastructure;

import org.junit.jupiter.api.Test;

import nl.tijdig.infrastructure.EmbeddedInfrastructure.Ports;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedInfrastructureIntegrationTests {

	@Test
	void startsOnTheGivenPorts() {
		Ports ports = new Ports(FreePorts.find(), FreePorts.find(), FreePorts.find(), FreePorts.find());

		try (EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(ports)) {
			assertThat(infrastructure.kafkaBootstrapServers()).isEqualTo("127.0.0.1:" + ports.kafka());
			assertThat(infrastructure.jdbcUrl())
				.isEqualTo("jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/tijdig");
			assertThat(infrastructure.smtpPort()).isEqualTo(ports.smtp());
			assertThat(infrastructure.mailApiUrl()).isEqualTo("http://127.0.0.1:" + ports.mailApi());
			assertThat(infrastructure.mail().messages()).isEmpty();
		}
	}

	@Test
	void localStackPortsAreTheDocumentedOnes() {
		assertThat(Ports.localStack()).isEqualTo(new Ports(19092, 15432, 1025, 8025));
		assertThat(Ports.free()).isEqualTo(new Ports(0, 0, 0, 0));
	}

}

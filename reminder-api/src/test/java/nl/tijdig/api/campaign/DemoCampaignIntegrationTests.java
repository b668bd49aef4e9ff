package nl.tijdig.api.campaign;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.testinfra.WithInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo campaign on the real PostgreSQL: a new one, with a new id, at every start. */
@SpringBootTest(
		properties = { "spring.config.name=reminder-api", "tijdig.demo.enabled=true", "tijdig.demo.slug=renew-it" })
@WithInfrastructure
class DemoCampaignIntegrationTests {

	@Autowired
	DemoCampaign demo;

	@Autowired
	Campaigns campaigns;

	@Autowired
	JdbcClient jdbc;

	@Test
	void startsEachRunWithANewDemoAndClosesThePreviousOne() {
		Campaign previous = this.campaigns.findBySlug("renew-it").orElseThrow();

		this.demo.createOrRenew();

		Campaign current = this.campaigns.findBySlug("renew-it").orElseThrow();
		assertThat(current.id()).isNotEqualTo(previous.id());
		assertThat(current.status()).isEqualTo(Campaign.Status.PUBLISHED);
		assertThat(this.campaigns.featured()).map(Campaign::id).contains(current.id());
		Campaign retired = this.campaigns.findById(previous.id()).orElseThrow();
		assertThat(retired.status()).isEqualTo(Campaign.Status.CLOSED);
		assertThat(retired.slug()).startsWith("renew-it-").isNotEqualTo("renew-it");
	}

}

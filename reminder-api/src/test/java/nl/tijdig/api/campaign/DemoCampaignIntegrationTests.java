package nl.tijdig.api.campaign;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import nl.tijdig.api.ReminderApiIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo campaign on the real PostgreSQL: a new one, with a new id, at every start. A
 * demo of its own, beside the one the shared context published at its start, so that
 * renewing it leaves the other tests' campaign alone.
 */
@ReminderApiIntegrationTest
class DemoCampaignIntegrationTests {

	@Autowired
	Campaigns campaigns;

	@Autowired
	Clock clock;

	@Test
	void startsEachRunWithANewDemoAndClosesThePreviousOne() {
		DemoCampaign demo = new DemoCampaign(this.campaigns, new DemoProperties(true, "renew-it",
				Duration.ofMinutes(15), List.of(Duration.ofMinutes(5)), "linkedin-ai-training", Duration.ofDays(1)),
				this.clock);
		demo.createOrRenew();
		Campaign previous = this.campaigns.findBySlug("renew-it").orElseThrow();

		demo.createOrRenew();

		Campaign current = this.campaigns.findBySlug("renew-it").orElseThrow();
		assertThat(current.id()).isNotEqualTo(previous.id());
		assertThat(current.status()).isEqualTo(Campaign.Status.PUBLISHED);
		assertThat(this.campaigns.featured()).map(Campaign::id).contains(current.id());
		Campaign retired = this.campaigns.findById(previous.id()).orElseThrow();
		assertThat(retired.status()).isEqualTo(Campaign.Status.CLOSED);
		assertThat(retired.slug()).startsWith("renew-it-").isNotEqualTo("renew-it");
	}

}

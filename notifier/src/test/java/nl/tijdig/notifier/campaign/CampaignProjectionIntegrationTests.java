package nl.tijdig.notifier.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Status;
import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.WithInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The campaign projection on real Kafka and PostgreSQL. Records go to one partition, so
 * that a marker campaign behind them proves they were processed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notifier")
@WithInfrastructure
class CampaignProjectionIntegrationTests {

	private static final int PARTITION = 0;

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	@Autowired
	private Campaigns campaigns;

	private final UUID campaignId = UUID.randomUUID();

	private final Instant now = Instant.now();

	@Test
	void aCloseFromAnInstanceWhoseClockIsBehindTakesEffect() {
		send(campaign(this.campaignId, Status.PUBLISHED, this.now, 4));
		// Closed on a second reminder-api instance, its clock five minutes behind.
		send(campaign(this.campaignId, Status.CLOSED, this.now.minus(Duration.ofMinutes(5)), 5));
		awaitMarker();

		assertThat(this.campaigns.findById(this.campaignId))
			.hasValueSatisfying((campaign) -> assertThat(campaign.status()).isEqualTo(Status.CLOSED));
	}

	@Test
	void anOlderVersionArrivingAfterANewerOneChangesNothing() {
		send(campaign(this.campaignId, Status.CLOSED, this.now, 5));
		// The published revision sent again, stamped by a clock five minutes ahead.
		send(campaign(this.campaignId, Status.PUBLISHED, this.now.plus(Duration.ofMinutes(5)), 4));
		awaitMarker();

		assertThat(this.campaigns.findById(this.campaignId))
			.hasValueSatisfying((campaign) -> assertThat(campaign.status()).isEqualTo(Status.CLOSED));
	}

	private void awaitMarker() {
		UUID marker = UUID.randomUUID();
		send(campaign(marker, Status.CLOSED, Instant.now(), 1));
		await().atMost(Duration.ofSeconds(60)).until(() -> this.campaigns.findById(marker).isPresent());
	}

	/**
	 * @param time as the clock of the reminder-api instance that published it read
	 */
	private static CampaignPublished campaign(UUID campaignId, Status status, Instant time, long version) {
		Instant deadline = Instant.now().plus(Duration.ofDays(30));
		return new CampaignPublished(UUID.randomUUID(), time, CampaignPublished.SCHEMA_VERSION, campaignId,
				"projection-" + campaignId, status, "LinkedIn", deadline, "Europe/Amsterdam",
				List.of(new CampaignPublished.Wave("7d", Duration.ofDays(7), null)), Map.of(), 1,
				deadline.plus(Duration.ofDays(30)), version);
	}

	private void send(CampaignPublished campaign) {
		this.kafka.send(Topics.CAMPAIGNS, PARTITION, campaign.campaignId().toString(), campaign).join();
	}

}

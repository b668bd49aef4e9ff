package nl.tijdig.scheduler.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.Topics;
import nl.tijdig.scheduler.SchedulerIntegrationTest;
import nl.tijdig.testinfra.TopicWriter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SchedulerIntegrationTest
class CampaignIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Autowired
	private JdbcClient jdbc;

	@Test
	void publishedCampaignIsKeptWithItsWavesAndOnlyTheLatestDefinitionWins() {
		UUID campaignId = UUID.randomUUID();
		Instant deadline = Instant.parse("2025-11-03T00:00:00Z");
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		try (TopicWriter writer = new TopicWriter()) {
			writer.send(Topics.CAMPAIGNS, campaignId.toString(),
					campaign(campaignId, CampaignPublished.Status.CLOSED, deadline, now, 2));
			// An older revision sent again, stamped by a clock a minute ahead.
			writer.send(Topics.CAMPAIGNS, campaignId.toString(),
					campaign(campaignId, CampaignPublished.Status.PUBLISHED, deadline, now.plusSeconds(60), 1));
			writer.send(Topics.CAMPAIGNS, campaignId.toString(), campaign(campaignId, CampaignPublished.Status.CLOSED,
					deadline.plus(Duration.ofDays(1)), now.plusSeconds(30), 3));
		}

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(deadline(campaignId)).isEqualTo(deadline.plus(Duration.ofDays(1))));
		Map<String, Object> row = this.jdbc
			.sql("select status, time_zone, jsonb_array_length(waves) as waves, waves->0->>'key' as first_wave"
					+ " from campaign where id = ?")
			.param(campaignId)
			.query()
			.singleRow();
		assertThat(row).containsEntry("status", "CLOSED")
			.containsEntry("time_zone", "Europe/Amsterdam")
			.containsEntry("waves", 2)
			.containsEntry("first_wave", "14d");
	}

	@Test
	void closeFromAnInstanceWhoseClockIsBehindTakesEffect() {
		UUID campaignId = UUID.randomUUID();
		Instant deadline = Instant.now().plus(Duration.ofDays(60));
		Instant now = Instant.now();
		try (TopicWriter writer = new TopicWriter()) {
			writer.send(Topics.CAMPAIGNS, campaignId.toString(),
					campaign(campaignId, CampaignPublished.Status.PUBLISHED, deadline, now, 4));
			// Closed on a second reminder-api instance, its clock five minutes behind.
			writer.send(Topics.CAMPAIGNS, campaignId.toString(), campaign(campaignId, CampaignPublished.Status.CLOSED,
					deadline, now.minus(Duration.ofMinutes(5)), 5));
		}

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(status(campaignId)).isEqualTo("CLOSED"));
	}

	private String status(UUID campaignId) {
		return this.jdbc.sql("select status from campaign where id = ?")
			.param(campaignId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private Instant deadline(UUID campaignId) {
		return this.jdbc.sql("select deadline from campaign where id = ?")
			.param(campaignId)
			.query((row, number) -> row.getTimestamp("deadline").toInstant())
			.optional()
			.orElse(null);
	}

	private static CampaignPublished campaign(UUID campaignId, CampaignPublished.Status status, Instant deadline,
			Instant time, long version) {
		return new CampaignPublished(UUID.randomUUID(), time, CampaignPublished.SCHEMA_VERSION, campaignId,
				"linkedin-ai-" + campaignId, status, "LinkedIn", deadline, "Europe/Amsterdam",
				List.of(new CampaignPublished.Wave("14d", Duration.ofDays(14), LocalTime.of(9, 0)),
						new CampaignPublished.Wave("1d", Duration.ofDays(1), LocalTime.of(9, 0))),
				Map.of(), 1, deadline.plus(Duration.ofDays(30)), version);
	}

}

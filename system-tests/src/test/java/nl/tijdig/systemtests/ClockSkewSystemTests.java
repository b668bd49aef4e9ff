package nl.tijdig.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two reminder-api instances on the same database and broker whose clocks are five
 * minutes apart: the second runs under libfaketime, its {@code Instant.now()} really
 * behind. People confirmed through the first unsubscribe or say they are done through the
 * second, so each one's later change carries an earlier time than the one before it. The
 * projections must order by the subscription's version, not by the events' times: nothing
 * goes to those who left, everything else once, and the scheduler's audience and the
 * notifier's recipients end as reminder-api's database says.
 */
class ClockSkewSystemTests {

	private static final Duration SKEW = Duration.ofMinutes(-5);

	private static final int LEAVING = 5;

	@Test
	void changesThroughAnInstanceWhoseClockIsBehindAreNotTakenForStale() {
		Platform platform = Platform.shared();
		Service behind = platform.addReminderApi("reminder-api-behind", SkewedClock.environment(SKEW));
		behind.start();
		try {
			behind.awaitUp(Platform.START_TIMEOUT);
			Duration skew = Duration.between(Instant.now(), behind.clock());
			System.out.println(behind.name() + "'s clock is " + skew + " off");
			assertThat(skew).as("the second instance's clock, from the Date of its answer")
				.isBetween(SKEW.minusSeconds(30), SKEW.plusSeconds(30));
			Scenario.run(9, "clock-skew",
					"two reminder-api instances 5 min apart: unsubscribe and done through the one behind, after the confirmation through the other",
					(scenarioPlatform, campaign, wave, random) -> leaveThrough(behind, campaign, wave, random));
		}
		finally {
			behind.stop();
		}
	}

	private static Duration leaveThrough(Service behind, CampaignRun campaign, CampaignRun.Wave wave, Random random) {
		// They leave through the links of their welcome emails.
		Scenario.await("welcomes to leave from", Duration.between(Instant.now(), wave.dueAt().minusSeconds(5)),
				() -> campaign.welcomed().size() >= 2 * LEAVING);
		List<UUID> ids = campaign.welcomed();
		Collections.shuffle(ids, random);
		List<UUID> unsubscribing = ids.subList(0, LEAVING);
		List<UUID> done = ids.subList(LEAVING, 2 * LEAVING);
		Map<UUID, Instant> confirmedAt = new TreeMap<>();
		for (UUID id : ids.subList(0, 2 * LEAVING)) {
			confirmedAt.put(id, audienceEventTime(campaign, id));
		}
		Instant fault = Instant.now();
		for (UUID id : unsubscribing) {
			campaign.withhold(id, wave.messageKey(), "goodbye");
			campaign.follow(id, "unsubscribe", behind);
		}
		for (UUID id : done) {
			// Done is the campaign's success: the goodbye still thanks them.
			campaign.withhold(id, wave.messageKey());
			campaign.follow(id, "done", behind);
		}
		Scenario.await("the projections to agree with reminder-api", Duration.ofSeconds(60),
				() -> disagreements(campaign).isEmpty());
		// Else the fan-out may have read the audience before it knew: a race with the
		// projection's lag, not with the clocks.
		assertThat(Instant.now()).as("the projections agreed before the wave was due").isBefore(wave.dueAt());
		for (UUID id : confirmedAt.keySet()) {
			// The change the scheduler now holds was stamped by the clock behind: earlier
			// than the confirmation it overrode.
			assertThat(audienceEventTime(campaign, id)).as("time of the change through the instance behind, for %s", id)
				.isBefore(confirmedAt.get(id));
		}
		Duration recovery = Scenario.awaitWave(campaign, wave, fault);
		campaign.awaitSettled(Scenario.GRACE);
		assertThat(disagreements(campaign)).as("the projections against reminder-api's database").isEmpty();
		return recovery;
	}

	/** The time of the change the scheduler's audience holds for the subscriber. */
	private static Instant audienceEventTime(CampaignRun campaign, UUID id) {
		return campaign.database()
			.queryPatiently("select last_event_time from scheduler.audience_member where subscriber_id = ?",
					(row) -> row.getTimestamp(1).toInstant(), id)
			.get(0);
	}

	/**
	 * Each subscriber of the campaign whose status and version in the scheduler's
	 * audience or the notifier's recipients differ from reminder-api's.
	 */
	private static List<String> disagreements(CampaignRun campaign) {
		return campaign.database()
			.queryPatiently("""
					select s.id, s.status, s.version, a.status, a.version, r.status, r.version
					from reminder_api.subscriber s
					left join scheduler.audience_member a on a.subscriber_id = s.id
					left join notifier.recipient r on r.subscriber_id = s.id
					where s.campaign_id = ?
					  and (a.status is distinct from s.status or a.version is distinct from s.version
					       or r.status is distinct from s.status or r.version is distinct from s.version)
					""",
					(row) -> row.getObject(1) + ": reminder-api " + row.getString(2) + " v" + row.getLong(3)
							+ ", scheduler " + row.getString(4) + " v" + row.getLong(5) + ", notifier "
							+ row.getString(6) + " v" + row.getLong(7),
					campaign.campaignId());
	}

}

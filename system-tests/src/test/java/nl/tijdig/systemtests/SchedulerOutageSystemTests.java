package nl.tijdig.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The only scheduler is killed seconds before a wave is due and nothing fires it; after
 * its time two schedulers start at once on the same database, each rescheduling the
 * campaign at its start with a trigger for what is already due. The second runs a Quartz
 * cluster of its own (another scheduler name on the same tables), so it does not see the
 * first one's triggers: both fire the wave, as a double fire of one trigger would, and
 * both fire the goodbye at the deadline. The missed wave goes out on recovery (no later
 * wave is due, the deadline has not passed), once.
 */
class SchedulerOutageSystemTests {

	@Test
	void aWaveMissedWhileNoSchedulerRanGoesOnceWhenTwoStartTogether() {
		Scenario.run(6, "scheduler-outage",
				"no scheduler across the wave's fire time, then two started at once, both firing the wave",
				Scenario.Shape.DEFAULT.withGap(Duration.ofSeconds(85)), (platform, campaign, wave, random) -> {
					Scenario.sleepUntil(wave.dueAt().minusSeconds(3));
					platform.scheduler().kill();
					assertThat(campaign.dispatch(wave)).as("the wave started before its time").isEmpty();
					Scenario.sleepUntil(wave.dueAt().plusSeconds(2));
					assertThat(campaign.dispatch(wave)).as("the wave started with no scheduler running").isEmpty();
					Platform.startAll(List.of(platform.scheduler(), platform.secondScheduler()));
					try {
						Duration recovery = Scenario.awaitWave(campaign, wave, wave.dueAt());
						Instant started = campaign.database()
							.queryPatiently(
									"select started_at from scheduler.wave_dispatch where campaign_id = ? and wave_key = ?",
									(row) -> row.getTimestamp(1).toInstant(), campaign.campaignId(), wave.key())
							.get(0);
						System.out.println("the missed wave started at " + started + ", due at " + wave.dueAt());
						assertThat(started).as("started on recovery").isAfter(wave.dueAt().plusSeconds(2));
						String job = Platform.JOB_RUN + "campaign-waves." + campaign.campaignId();
						for (Service scheduler : List.of(platform.scheduler(), platform.secondScheduler())) {
							assertThat(scheduler.linesContaining(job)).as("%s fired the wave", scheduler.name())
								.isPositive();
						}
						// Both still there at the deadline, so both fire the goodbye too.
						campaign.awaitSettled(Scenario.GRACE);
						for (Service scheduler : List.of(platform.scheduler(), platform.secondScheduler())) {
							assertThat(scheduler.linesContaining(job))
								.as("%s fired the wave and the goodbye", scheduler.name())
								.isGreaterThanOrEqualTo(2);
						}
						return recovery;
					}
					finally {
						platform.secondScheduler().stop();
					}
				});
	}

}

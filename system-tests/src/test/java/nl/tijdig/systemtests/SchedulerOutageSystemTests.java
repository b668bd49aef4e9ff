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
 * first one's triggers. The missed wave goes out on recovery (no later wave is due, the
 * deadline has not passed), once: fired by whichever reschedules first, and by the other
 * too if it reschedules before the first has recorded the wave (otherwise it finds
 * nothing due). At the deadline both are certain to fire: each has a trigger of its own
 * for the goodbye, the fan-out the deadline starts, and both run it at the same instant,
 * as a double fire of one trigger would. The goodbye too goes once.
 */
class SchedulerOutageSystemTests {

	@Test
	void aWaveMissedWhileNoSchedulerRanGoesOnceWhenTwoStartTogether() {
		Scenario.run(6, "scheduler-outage",
				"no scheduler across the wave's fire time, then two started at once; both fire the deadline's goodbye",
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
						List<Service> schedulers = List.of(platform.scheduler(), platform.secondScheduler());
						Scenario.sleepUntil(campaign.deadline().minusSeconds(2));
						List<Long> before = schedulers.stream()
							.map((scheduler) -> scheduler.linesContaining(job))
							.toList();
						System.out.println("runs of the campaign's job before the deadline: " + before);
						campaign.awaitSettled(Scenario.GRACE);
						for (int i = 0; i < schedulers.size(); i++) {
							assertThat(schedulers.get(i).linesContaining(job))
								.as("%s fired the goodbye", schedulers.get(i).name())
								.isGreaterThan(before.get(i));
						}
						return recovery;
					}
					finally {
						platform.secondScheduler().stop();
					}
				});
	}

}

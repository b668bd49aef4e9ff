package nl.tijdig.systemtests;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler is killed ({@code SIGKILL}) in the middle of a wave's fan-out, and
 * started again: the fan-out resumes after its last committed batch.
 */
class SchedulerCrashSystemTests {

	@Test
	void aSchedulerKilledMidFanOutResumesWithoutSkippingOrRepeatingAnyone() {
		Scenario.run(3, "scheduler-kill", "scheduler SIGKILL mid-fan-out, restarted",
				(platform, campaign, wave, random) -> {
					Scenario.awaitFanOut(campaign, wave);
					// Frozen first, so that what the kill interrupts is known.
					platform.scheduler().pause();
					Instant fault = Instant.now();
					CampaignRun.Dispatch atFault = campaign.dispatch(wave).orElseThrow();
					platform.scheduler().kill();
					System.out.println("scheduler killed at " + atFault);
					assertThat(atFault.state()).as("killed mid-fan-out").isEqualTo("STARTED");
					assertThat(atFault.sent()).as("killed mid-fan-out").isLessThan(campaign.audience());
					platform.scheduler().start();
					platform.scheduler().awaitUp(Platform.START_TIMEOUT);
					return Scenario.awaitWave(campaign, wave, fault);
				});
	}

}

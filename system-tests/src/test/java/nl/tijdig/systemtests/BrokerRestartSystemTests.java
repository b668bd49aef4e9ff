package nl.tijdig.systemtests;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka broker is killed ({@code SIGKILL}) five times during a wave's fan-out, each
 * time started again seconds later on its ports with its data, and killed again as soon
 * as the fan-out has moved on: the scheduler resumes after its last acknowledged batch,
 * the outboxes hold what could not be relayed, the consumers wait, and everything goes
 * once the broker stays up.
 */
class BrokerRestartSystemTests {

	private static final int KILLS = 5;

	/**
	 * Five outages of up to 7 s, each followed by a broker start and the scheduler's and
	 * the consumers' reconnection, before the wave can finish: the wave reached everyone
	 * 150 s after the first kill at load 14, and the deadline would stop an unfinished
	 * fan-out, by design.
	 */
	private static final Duration GAP = Duration.ofSeconds(210);

	/**
	 * Subscribers per fan-out transaction in this scenario: each kill waits for the
	 * fan-out to move on, and once the broker is back the scheduler's batches follow each
	 * other within milliseconds; up to four of the platform's batches of five went before
	 * the test saw one. Batches of one leave room for the five kills in a wave of 100.
	 */
	private static final String BATCHES_OF_ONE = "--tijdig.fanout.batch-size=1";

	@Test
	void aBrokerKilledFiveTimesDuringAFanOutAndRestartedLosesNothing() {
		Scenario.run(4, "broker-kill",
				"Kafka broker SIGKILL five times during a fan-out, each restarted after 3-7 s once the fan-out had moved on",
				Scenario.Shape.DEFAULT.withGap(GAP).withSchedulerSettings(BATCHES_OF_ONE),
				(platform, campaign, wave, random) -> {
					CampaignRun.Dispatch before = Scenario.awaitFanOut(campaign, wave);
					Instant firstFault = Instant.now();
					Instant lastFault = firstFault;
					for (int kill = 1; kill <= KILLS; kill++) {
						if (kill > 1) {
							before = awaitProgress(campaign, wave, before);
						}
						// The scheduler frozen for the moment of the kill, so that the
						// fan-out cannot finish between the test seeing it and the kill.
						platform.scheduler().pause();
						CampaignRun.Dispatch atFault = campaign.dispatch(wave).orElseThrow();
						lastFault = Instant.now();
						try {
							platform.kafka().kill(1);
						}
						finally {
							platform.scheduler().resume();
						}
						before = atFault;
						System.out.printf("broker kill %d at %s: %d of %d reminders fanned out, %d had the wave%n",
								kill, lastFault, atFault.sent(), campaign.audience(),
								campaign.received(wave.messageKey()));
						assertThat(atFault.state()).as("kill %d landed during the fan-out", kill).isEqualTo("STARTED");
						Service.sleep(3000 + random.nextInt(4000));
						platform.kafka().startAgain(1);
					}
					Duration recovery = Scenario.awaitWave(campaign, wave, lastFault);
					System.out.printf("wave settled %s after the first kill, %s after the last%n",
							Duration.between(firstFault, Instant.now()), recovery);
					return recovery;
				});
	}

	/**
	 * Waits until the fan-out has committed a batch beyond {@code before}: the scheduler
	 * found the broker again.
	 */
	private static CampaignRun.Dispatch awaitProgress(CampaignRun campaign, CampaignRun.Wave wave,
			CampaignRun.Dispatch before) {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			CampaignRun.Dispatch now = campaign.dispatch(wave).orElse(before);
			if (now.sent() > before.sent()) {
				return now;
			}
			Service.sleep(2);
		}
		throw new IllegalStateException("The fan-out of " + wave + " did not move on after the broker came back");
	}

}

package nl.tijdig.systemtests;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier is killed ({@code SIGKILL}) while a wave is being sent, and started again:
 * what it had taken but not sent waits out its lease and goes, what the relay accepted
 * before the kill never goes twice.
 */
class NotifierCrashSystemTests {

	@Test
	void aNotifierKilledMidBatchLosesNothingAndSendsNothingTwice() {
		Scenario.run(2, "notifier-kill", "notifier SIGKILL mid-batch, restarted",
				(platform, campaign, wave, random) -> {
					int audience = campaign.audience();
					campaign.awaitReceived(wave.messageKey(), audience / 4 + random.nextInt(audience / 4),
							Duration.ofSeconds(90));
					Instant fault = Instant.now();
					platform.notifier().kill();
					assertThat(campaign.received(wave.messageKey())).as("killed before the wave was sent")
						.isLessThan(audience);
					platform.notifier().start();
					platform.notifier().awaitUp(Platform.START_TIMEOUT);
					return Scenario.awaitWave(campaign, wave, fault);
				});
	}

}

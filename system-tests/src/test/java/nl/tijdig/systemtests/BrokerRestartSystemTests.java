package nl.tijdig.systemtests;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka broker is killed ({@code SIGKILL}) during a wave's fan-out and started again
 * seconds later on its ports with its data: the outboxes hold what could not be relayed,
 * the consumers wait, and everything goes once the broker is back.
 */
class BrokerRestartSystemTests {

	@Test
	void aBrokerKilledDuringAFanOutAndRestartedLosesNothing() {
		Scenario.run(4, "broker-kill", "Kafka broker SIGKILL during a fan-out, restarted after 3-7 s",
				(platform, campaign, wave, random) -> {
					Scenario.awaitFanOut(campaign, wave);
					Instant fault = Instant.now();
					platform.kafka().kill(1);
					CampaignRun.Dispatch atFault = campaign.dispatch(wave).orElseThrow();
					int received = campaign.received(wave.messageKey());
					System.out.println("broker killed at " + atFault + ", " + received + " had the wave");
					assertThat(received).as("killed before the wave had reached everyone")
						.isLessThan(campaign.audience());
					Service.sleep(3000 + random.nextInt(4000));
					platform.kafka().startAgain(1);
					return Scenario.awaitWave(campaign, wave, fault);
				});
	}

}

package nl.tijdig.systemtests;

import java.time.Instant;

import org.junit.jupiter.api.Test;

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
					Service.sleep(3000 + random.nextInt(4000));
					platform.kafka().startAgain(1);
					return Scenario.awaitWave(campaign, wave, fault);
				});
	}

}

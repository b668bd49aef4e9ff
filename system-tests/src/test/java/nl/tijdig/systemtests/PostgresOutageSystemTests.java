package nl.tijdig.systemtests;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * PostgreSQL is stopped hard ({@code pg_ctl -m immediate stop}, as a crash) while a wave
 * is being sent, and started again seconds later on the same data: every service waits
 * for it, and nothing is lost or sent twice.
 */
class PostgresOutageSystemTests {

	@Test
	void postgresStoppedHardDuringSendingLosesNothingAndSendsNothingTwice() {
		Scenario.run(5, "postgres-stop", "PostgreSQL stopped hard during sending, started after 3-7 s",
				(platform, campaign, wave, random) -> {
					int audience = campaign.audience();
					campaign.awaitReceived(wave.messageKey(), audience / 4 + random.nextInt(audience / 4),
							Duration.ofSeconds(90));
					Instant fault = Instant.now();
					platform.postgres().stopImmediately();
					Service.sleep(3000 + random.nextInt(4000));
					platform.postgres().startAgain();
					return Scenario.awaitWave(campaign, wave, fault);
				});
	}

}

package nl.tijdig.systemtests;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import nl.tijdig.events.SuppressionLiftRequested;
import nl.tijdig.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL is stopped hard ({@code pg_ctl -m immediate stop}, as a crash) while a wave
 * is being sent, and stays away longer than the consumers' retry window before it is
 * started again on the same data: every service waits for it, a valid event that arrives
 * meanwhile is held (the partition waits) rather than dead-lettered, and nothing is lost
 * or sent twice.
 */
class PostgresOutageSystemTests {

	@Test
	void postgresAwayDuringSendingForLongerThanTheRetryWindowLosesNothingAndSendsNothingTwice() {
		Scenario.run(5, "postgres-stop",
				"PostgreSQL stopped hard during sending, away 25-30 s, longer than a consumer's retry window",
				Scenario.Shape.DEFAULT.withGap(Duration.ofSeconds(60)), (platform, campaign, wave, random) -> {
					int audience = campaign.audience();
					long deadLetters = platform.kafka().deadLetters();
					campaign.awaitReceived(wave.messageKey(), audience / 4 + random.nextInt(audience / 4),
							Duration.ofSeconds(90));
					Instant fault = Instant.now();
					platform.postgres().stopImmediately();
					// A valid event for the notifier while the database is away (an
					// operator lifting a suppression nobody has): it must wait, not be
					// dead-lettered, however long the outage.
					SuppressionLiftRequested lift = SuppressionLiftRequested.of(campaign.slug() + "-x@example.org",
							Instant.now());
					platform.kafka().writeEvent(Topics.SUPPRESSIONS, lift.id().toString(), lift);
					Duration outage = Duration.ofSeconds(25 + random.nextInt(6));
					// Longer than a listener needs to notice plus the window it would
					// retry
					// an ordinary failure in before dead-lettering it.
					assertThat(outage).isGreaterThan(Platform.CONNECTION_TIMEOUT.plus(Platform.RETRY_WINDOW));
					double held = 0;
					while (Instant.now().isBefore(fault.plus(outage))) {
						held = Math.max(held, platform.notifier().metric("tijdig_consumer_held_partitions"));
						Service.sleep(1000);
					}
					platform.postgres().startAgain();
					System.out.printf("PostgreSQL away %d s; at most %.0f partitions held%n", outage.toSeconds(), held);
					assertThat(held).as("a consumer held a partition for want of the database").isPositive();
					Duration recovery = Scenario.awaitWave(campaign, wave, fault);
					assertThat(platform.kafka().deadLetters()).as("records dead-lettered during the outage")
						.isEqualTo(deadLetters);
					return recovery;
				});
	}

}

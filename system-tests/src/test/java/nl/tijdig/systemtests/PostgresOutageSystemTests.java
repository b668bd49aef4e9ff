package nl.tijdig.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

import nl.tijdig.events.SuppressionLiftRequested;
import nl.tijdig.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL fails twice during one wave. First a blip in the middle of the fan-out:
 * stopped hard ({@code pg_ctl -m immediate stop}, as a crash) between two of the
 * scheduler's batches and started again seconds later; the fan-out's run fails, Quartz
 * cannot store its retry in the database that failed, and the unfinished dispatch must
 * still be resumed from its checkpoint and reach everyone once. Then, while the wave is
 * being sent, stopped hard again and away longer than the consumers' retry window: every
 * service waits for it, a valid event that arrives meanwhile is held (the partition
 * waits) rather than dead-lettered, and nothing is lost or sent twice.
 */
class PostgresOutageSystemTests {

	@Test
	void postgresAwayDuringSendingForLongerThanTheRetryWindowLosesNothingAndSendsNothingTwice() {
		Scenario.run(5, "postgres-stop",
				"PostgreSQL stopped hard mid fan-out for 3-6 s, then during sending for 25-30 s, longer than a consumer's retry window",
				Scenario.Shape.DEFAULT.withGap(Duration.ofSeconds(80)), (platform, campaign, wave, random) -> {
					int audience = campaign.audience();
					long deadLetters = platform.kafka().deadLetters();
					long requestedAtBlip = blipMidFanOut(platform, campaign, wave, random);
					// The second outage strikes once the resumed fan-out's reminders are
					// being sent: a quarter to a half of the rest has arrived.
					int rest = audience - (int) requestedAtBlip;
					campaign.awaitReceived(wave.messageKey(),
							(int) requestedAtBlip + rest / 4 + random.nextInt(Math.max(1, rest / 4)),
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
					CampaignRun.Dispatch dispatch = campaign.dispatch(wave).orElseThrow();
					assertThat(dispatch.state()).as("the fan-out the blip broke off").isEqualTo("FINISHED");
					assertThat(dispatch.sent()).as("reminders the fan-out requested").isEqualTo(audience);
					return recovery;
				});
	}

	/**
	 * Stops PostgreSQL between two batches of the fan-out (the scheduler frozen for that
	 * moment, so that the stop does not land after the last one) and starts it again 3-6
	 * s later.
	 * @return how many reminders the fan-out had requested when PostgreSQL stopped
	 */
	private static long blipMidFanOut(Platform platform, CampaignRun campaign, CampaignRun.Wave wave, Random random) {
		Scenario.awaitFanOut(campaign, wave);
		platform.scheduler().pause();
		CampaignRun.Dispatch atBlip = campaign.dispatch(wave).orElseThrow();
		Instant blip = Instant.now();
		try {
			platform.postgres().stopImmediately();
		}
		finally {
			platform.scheduler().resume();
		}
		assertThat(atBlip.state()).as("stopped mid-fan-out").isEqualTo("STARTED");
		assertThat(atBlip.sent()).as("stopped mid-fan-out").isLessThan(campaign.audience());
		Service.sleep(3000 + random.nextInt(3000));
		platform.postgres().startAgain();
		System.out.printf("PostgreSQL stopped mid-fan-out for %d ms at %s%n",
				Duration.between(blip, Instant.now()).toMillis(), atBlip);
		return atBlip.sent();
	}

}

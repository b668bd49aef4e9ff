package nl.tijdig.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import nl.tijdig.events.SuppressionLiftRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.ScriptedSmtpServer.Received;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL fails twice during one wave. First a blip in the middle of the fan-out:
 * stopped hard ({@code pg_ctl -m immediate stop}, as a crash) between two of the
 * scheduler's batches and started again seconds later; the fan-out's run fails, Quartz
 * cannot store its retry in the database that failed, and the unfinished dispatch must
 * still be resumed from its checkpoint and reach everyone once. Then, while the wave is
 * being sent, stopped hard again between a body the relay received and its reply, and
 * away longer than the consumers' retry window: the notifier keeps the relay's "accepted"
 * until it can write it (the message is logged SENT, never sent again), every service
 * waits for the database, a valid event that arrives meanwhile is held (the partition
 * waits) rather than dead-lettered, and nothing is lost or sent twice.
 */
class PostgresOutageSystemTests {

	/**
	 * How long the notifier waits for the relay's reply: far longer than PostgreSQL's
	 * hard stop takes on the relay's session thread, so that the notifier certainly has
	 * the reply to the message the stop came after (at the platform's 2 s it could time
	 * out on a loaded machine, and the message would rightly be in doubt).
	 */
	private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

	@Test
	void postgresAwayDuringSendingForLongerThanTheRetryWindowLosesNothingAndSendsNothingTwice() {
		Scenario.run(5, "postgres-stop",
				"PostgreSQL stopped hard mid fan-out for 3-6 s, then during sending for 25-30 s, longer than a consumer's retry window",
				Scenario.Shape.DEFAULT.withGap(Duration.ofSeconds(80))
					.withNotifierSettings("--tijdig.notifier.smtp.read-timeout=" + READ_TIMEOUT.toSeconds() + "s"),
				(platform, campaign, wave, random) -> {
					int audience = campaign.audience();
					long deadLetters = platform.kafka().deadLetters();
					long requestedAtBlip = blipMidFanOut(platform, campaign, wave, random);
					// The second outage strikes once the resumed fan-out's reminders are
					// being sent (a quarter to a half of the rest has arrived), on the
					// relay's session thread between a body and its reply: the notifier
					// learns that the relay took the message while it cannot write so.
					int rest = audience - (int) requestedAtBlip;
					int target = (int) requestedAtBlip + rest / 4 + random.nextInt(Math.max(1, rest / 4));
					Received atStop = stopBeforeAccepting(platform, campaign, wave, target);
					Instant fault = Instant.now();
					// A valid event for the notifier while the database is away (an
					// operator lifting a suppression nobody has): it must wait, not be
					// dead-lettered, however long the outage.
					SuppressionLiftRequested lift = SuppressionLiftRequested.of(campaign.slug() + "-x@example.org",
							Instant.now());
					platform.kafka().writeEvent(Topics.SUPPRESSIONS, lift.id().toString(), lift);
					Duration outage = Duration.ofSeconds(25 + random.nextInt(6));
					// Longer than a listener needs to notice plus the window it would
					// retry an ordinary failure in before dead-lettering it.
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
					// The kept outcome is written once a retry finds the database back,
					// which may come after the wave has arrived.
					long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
					String state = campaign.deliveryLogState(atStop.messageId()).orElse(null);
					while (!"SENT".equals(state) && System.nanoTime() < until) {
						Service.sleep(500);
						state = campaign.deliveryLogState(atStop.messageId()).orElse(null);
					}
					System.out.println(
							"the relay took " + atStop.messageId() + " as PostgreSQL stopped; the log says " + state);
					assertThat(state).as("a message the relay accepted while the outcome could not be written")
						.isEqualTo("SENT");
					CampaignRun.Dispatch dispatch = campaign.dispatch(wave).orElseThrow();
					assertThat(dispatch.state()).as("the fan-out the blip broke off").isEqualTo("FINISHED");
					assertThat(dispatch.sent()).as("reminders the fan-out requested").isEqualTo(audience);
					return recovery;
				});
	}

	/**
	 * Stops PostgreSQL from the relay's session thread once {@code target} subscribers
	 * have the wave, after the next body arrived and before it is accepted.
	 * @return the message the relay accepts right after the stop
	 */
	private static Received stopBeforeAccepting(Platform platform, CampaignRun campaign, CampaignRun.Wave wave,
			int target) {
		AtomicInteger index = new AtomicInteger(-1);
		CountDownLatch stopped = new CountDownLatch(1);
		platform.smtp().beforeAccepting(() -> {
			if (campaign.received(wave.messageKey()) >= target && index.compareAndSet(-1, -2)) {
				platform.postgres().stopImmediately();
				index.set(platform.smtp().received().size());
				stopped.countDown();
			}
		});
		try {
			assertThat(stopped.await(90, TimeUnit.SECONDS)).as("the wave reached %d subscribers", target).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			platform.smtp().beforeAccepting(() -> {
			});
		}
		Scenario.await("the relay to accept the body it had at the stop", Duration.ofSeconds(10),
				() -> platform.smtp().received().size() > index.get());
		return platform.smtp().received().get(index.get());
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

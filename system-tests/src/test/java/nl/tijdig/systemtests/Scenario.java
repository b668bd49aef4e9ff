package nl.tijdig.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a scenario: a fresh campaign on the shared platform, a fault during its first
 * wave, and the oracle's verdict once everything due has had time to arrive. The same
 * seed gives the same audience and the same moment of harm.
 * <p>
 * Settings (system properties): {@code tijdig.system-tests.subscribers} (100),
 * {@code tijdig.system-tests.runs} (1), {@code tijdig.system-tests.seed}, and the
 * campaign's timing, {@code tijdig.system-tests.lead} and
 * {@code tijdig.system-tests.gap}.
 */
final class Scenario {

	static final int SUBSCRIBERS = Integer.getInteger("tijdig.system-tests.subscribers", 100);

	static final int RUNS = Integer.getInteger("tijdig.system-tests.runs", 1);

	static final long SEED = Long.getLong("tijdig.system-tests.seed", 20251103L);

	/**
	 * From reminder-api's start to the campaign's one wave: time to sign the audience up
	 * and confirm it ({@code tijdig.system-tests.lead}, seconds). Here, with other builds
	 * running, 100 subscribers took 20 to 60 s.
	 */
	static final Duration LEAD = Duration.ofSeconds(Integer.getInteger("tijdig.system-tests.lead", 60));

	/**
	 * From the wave to the deadline, when the goodbye goes: time to recover from the
	 * fault ({@code tijdig.system-tests.gap}, seconds). It must outlast a service's
	 * restart, or the deadline would stop a fan-out the fault interrupted, by design; a
	 * scenario that restarts more than one service asks for more ({@link Shape}).
	 */
	static final Duration GAP = Duration.ofSeconds(Integer.getInteger("tijdig.system-tests.gap", 55));

	/**
	 * How long after the deadline what is still missing may arrive before it counts as
	 * lost.
	 */
	static final Duration GRACE = Duration.ofSeconds(60);

	private Scenario() {
	}

	/**
	 * Runs the scenario {@link #RUNS} times, records its row in the reliability report,
	 * then asserts the promise on each run.
	 */
	static void run(int order, String name, String description, Fault fault) {
		run(order, name, description, Shape.DEFAULT, fault);
	}

	/** The same, on a campaign of another shape. */
	static void run(int order, String name, String description, Shape shape, Fault fault) {
		Platform platform = Platform.withBrokers(shape.brokers());
		List<CampaignRun> campaigns = new ArrayList<>();
		List<Verdict> verdicts = new ArrayList<>();
		try {
			for (int run = 1; run <= RUNS; run++) {
				long seed = SEED + 31L * run + name.hashCode();
				platform.ensureRunning(shape.schedulerSettings(), shape.notifierSettings());
				System.out.printf("%s run %d of %d, seed %d%n", name, run, RUNS, seed);
				CampaignRun campaign = CampaignRun.open(platform, name, seed, SUBSCRIBERS, LEAD.plus(shape.gap()),
						List.of(shape.gap()), shape.signUpsOfFirst());
				campaigns.add(campaign);
				CampaignRun.Wave first = campaign.waves().get(0);
				Duration recovery = fault.inject(platform, campaign, first, new Random(seed));
				campaign.awaitSettled(GRACE);
				Verdict verdict = campaign.verdict(name, recovery);
				System.out.println(verdict);
				verdicts.add(verdict);
			}
		}
		finally {
			ReliabilityReport.record(platform, order, description, verdicts);
		}
		for (int i = 0; i < verdicts.size(); i++) {
			Verdict verdict = verdicts.get(i);
			assertThat(verdict.lost()).as("lost: %s\n%s", verdict, platform.tails(40)).isZero();
			assertThat(verdict.duplicated()).as("duplicated: %s", verdict).isZero();
			assertThat(verdict.sentAnyway()).as("sent though it was to be withheld: %s", verdict).isZero();
			// What was received is no gap, whatever the log says; only a message that did
			// not arrive counts against what can have been on the wire at the fault.
			assertThat(verdict.inDoubt()).as("in doubt beyond what was on the wire: %s", verdict)
				.isLessThanOrEqualTo(Platform.SENDING_THREADS + campaigns.get(i).inDoubtAllowance());
			assertThat(verdict.logDisagrees()).as("delivery log against the SMTP server: %s", verdict).isZero();
		}
	}

	/**
	 * Waits until every subscriber has the wave (or it is reported in doubt), for at most
	 * two minutes.
	 * @return how long that took from {@code since}
	 */
	static Duration awaitWave(CampaignRun campaign, CampaignRun.Wave wave, Instant since) {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (!campaign.settled(wave.messageKey()) && System.nanoTime() < deadline) {
			Service.sleep(100);
		}
		return Duration.between(since, Instant.now());
	}

	/** Waits until the wave's fan-out is under way: its first batch committed. */
	static CampaignRun.Dispatch awaitFanOut(CampaignRun campaign, CampaignRun.Wave wave) {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			CampaignRun.Dispatch dispatch = campaign.dispatch(wave).orElse(null);
			if (dispatch != null && dispatch.sent() > 0) {
				return dispatch;
			}
			Service.sleep(2);
		}
		throw new IllegalStateException("The fan-out of " + wave + " did not start");
	}

	/** Waits until the condition holds, for at most {@code atMost}. */
	static void await(String what, Duration atMost, BooleanSupplier condition) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Waited " + atMost + " in vain for " + what);
			}
			Service.sleep(250);
		}
	}

	/**
	 * Sleeps until the instant, if it is still ahead.
	 */
	static void sleepUntil(Instant instant) {
		long millis = Duration.between(Instant.now(), instant).toMillis();
		if (millis > 0) {
			Service.sleep(millis);
		}
	}

	/**
	 * The campaign a scenario runs on.
	 *
	 * @param gap from the wave to the deadline
	 * @param signUpsOfFirst how many times at once the first address signs up
	 * @param schedulerSettings the scheduler's settings for this scenario, over the
	 * platform's ({@code --name=value})
	 * @param notifierSettings the same for the notifier
	 * @param brokers Kafka brokers of the platform it runs on (1 or 3)
	 */
	record Shape(Duration gap, int signUpsOfFirst, List<String> schedulerSettings, List<String> notifierSettings,
			int brokers) {

		static final Shape DEFAULT = new Shape(GAP, 1, List.of(), List.of(),
				Integer.getInteger("tijdig.system-tests.brokers", 1));

		Shape withGap(Duration gap) {
			return new Shape(gap, this.signUpsOfFirst, this.schedulerSettings, this.notifierSettings, this.brokers);
		}

		Shape withSignUpsOfFirst(int times) {
			return new Shape(this.gap, times, this.schedulerSettings, this.notifierSettings, this.brokers);
		}

		Shape withSchedulerSettings(String... settings) {
			return new Shape(this.gap, this.signUpsOfFirst, List.of(settings), this.notifierSettings, this.brokers);
		}

		Shape withNotifierSettings(String... settings) {
			return new Shape(this.gap, this.signUpsOfFirst, this.schedulerSettings, List.of(settings), this.brokers);
		}

		Shape withBrokers(int brokers) {
			return new Shape(this.gap, this.signUpsOfFirst, this.schedulerSettings, this.notifierSettings, brokers);
		}

	}

	/** Harm done to the platform during the campaign's first wave. */
	interface Fault {

		/**
		 * @return how long the platform took from the harm until the wave had reached
		 * everyone again
		 */
		Duration inject(Platform platform, CampaignRun campaign, CampaignRun.Wave wave, Random random);

	}

}

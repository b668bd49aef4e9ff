package nl.tijdig.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nl.tijdig.testinfra.ScriptedSmtpServer.Behaviour;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform scaled out as production runs it: three Kafka brokers (replication factor
 * 3, {@code min.insync.replicas} 2), two reminder-api instances on one database, two
 * schedulers in one Quartz cluster and three notifiers in one consumer group. During the
 * wave one of each is killed ({@code SIGKILL}) and started again: the scheduler running
 * the fan-out, a broker, the second reminder-api right after it took three unsubscribes,
 * and a notifier once every notifier has sent part of the wave. Nothing is lost, nothing
 * goes twice, and the unsubscribes hold. Runs on a platform of its own, after the
 * scenarios on one broker (the platform is started again for it).
 */
class ThreeBrokerScaleOutSystemTests {

	/** What each notifier counts, per outcome, when it has recorded a message's end. */
	private static final String DELIVERIES = "tijdig_notifier_deliveries_total";

	private static final String SENT = "outcome=\"SENT\"";

	/**
	 * The label of the wave's messages (welcomes may still be going out): the campaign's
	 * one wave is its last call, the deadline-day message.
	 */
	private static final String WAVE = "kind=\"DEADLINE_DAY\"";

	/**
	 * How long the relay takes to answer each body: the sending threads of all three
	 * notifiers find rows waiting, and the wave lasts seconds rather than one.
	 */
	private static final Duration SLOW_RELAY = Duration.ofMillis(300);

	private static final int UNSUBSCRIBING = 3;

	@Test
	void oneOfEachKilledMidWaveOnAScaledOutPlatformLosesNothingAndSendsNothingTwice() {
		Platform platform = Platform.withBrokers(3);
		Service secondApi = platform.addReminderApi("reminder-api-2", Map.of());
		Service secondScheduler = platform.addScheduler("scheduler-b");
		List<Service> moreNotifiers = List.of(platform.addNotifier("notifier-2"), platform.addNotifier("notifier-3"));
		try {
			// Two at a time: four JVMs starting at once on a loaded machine outlast the
			// start's timeout.
			Platform.startAll(List.of(secondApi, secondScheduler));
			Platform.startAll(moreNotifiers);
			Scenario.run(10, "scale-out",
					"3 brokers, 2 reminder-api, 2 schedulers, 3 notifiers; one of each SIGKILLed mid-wave, restarted",
					Scenario.Shape.DEFAULT.withBrokers(3).withGap(Duration.ofSeconds(85)),
					(scenarioPlatform, campaign, wave, random) -> {
						List<Service> notifiers = new ArrayList<>(List.of(platform.notifier()));
						notifiers.addAll(moreNotifiers);
						return killOneOfEach(platform, secondApi, List.of(platform.scheduler(), secondScheduler),
								notifiers, campaign, wave, random);
					});
		}
		finally {
			platform.smtp().behave(Behaviour.NORMAL);
			secondApi.stop();
			secondScheduler.stop();
			moreNotifiers.forEach(Service::stop);
		}
	}

	private static Duration killOneOfEach(Platform platform, Service secondApi, List<Service> schedulers,
			List<Service> notifiers, CampaignRun campaign, CampaignRun.Wave wave, Random random) {
		for (Service service : List.of(secondApi, schedulers.get(1), notifiers.get(1), notifiers.get(2))) {
			// A run before this one killed and restarted it.
			if (!service.alive()) {
				Platform.startAll(List.of(service));
			}
		}
		Map<Service, Double> sentBefore = new HashMap<>();
		notifiers.forEach((notifier) -> sentBefore.put(notifier, notifier.metric(DELIVERIES, WAVE, SENT)));
		platform.smtp().behave(Behaviour.NORMAL.stalling(SLOW_RELAY));

		// The scheduler that runs the fan-out: both frozen at its first batch, the one
		// whose log shows it ran the campaign's job killed, the other thawed to take the
		// stalled fan-out up.
		String job = Platform.JOB_RUN + "campaign-waves." + campaign.campaignId();
		Map<Service, Long> runsBefore = new HashMap<>();
		schedulers.forEach((scheduler) -> runsBefore.put(scheduler, scheduler.linesContaining(job)));
		Scenario.awaitFanOut(campaign, wave);
		schedulers.forEach(Service::pause);
		Instant fault = Instant.now();
		Service firing = schedulers.stream()
			.filter((scheduler) -> scheduler.linesContaining(job) > runsBefore.get(scheduler))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No scheduler's log shows it ran " + job));
		CampaignRun.Dispatch atKill = campaign.dispatch(wave).orElseThrow();
		firing.kill();
		schedulers.stream().filter((scheduler) -> scheduler != firing).forEach(Service::resume);
		System.out.println(firing.name() + " killed at " + atKill);
		assertThat(atKill.state()).as("scheduler killed mid-fan-out").isEqualTo("STARTED");
		assertThat(atKill.sent()).as("scheduler killed mid-fan-out").isLessThan(campaign.audience());

		int broker = 1 + random.nextInt(3);
		platform.kafka().kill(broker);
		System.out.println("broker " + broker + " killed");

		// Three who already have the wave unsubscribe through the second instance, which
		// dies at once: its outbox rows are relayed by whichever instance comes first,
		// and
		// the goodbye must not reach them.
		Scenario.await("three to have the wave", Duration.ofSeconds(90),
				() -> receivedWave(campaign, wave).size() >= UNSUBSCRIBING);
		List<UUID> unsubscribing = receivedWave(campaign, wave).subList(0, UNSUBSCRIBING);
		for (UUID id : unsubscribing) {
			campaign.withhold(id, "goodbye");
			campaign.follow(id, "unsubscribe", secondApi);
		}
		secondApi.kill();
		System.out.println(secondApi.name() + " killed after " + UNSUBSCRIBING + " unsubscribes");

		// Every notifier has sent some of the wave before one of them dies.
		Scenario.await("every notifier to send some of the wave", Duration.ofSeconds(90), () -> notifiers.stream()
			.allMatch((notifier) -> notifier.metric(DELIVERIES, WAVE, SENT) > sentBefore.get(notifier)));
		Service notifier = notifiers.get(random.nextInt(notifiers.size()));
		List<String> sent = notifiers.stream()
			.map((each) -> each.name() + " " + (long) (each.metric(DELIVERIES, WAVE, SENT) - sentBefore.get(each)))
			.toList();
		int received = campaign.received(wave.messageKey());
		notifier.kill();
		System.out.println(
				notifier.name() + " killed with " + received + " of the wave received; sent since the wave: " + sent);
		assertThat(received).as("a notifier killed before the wave had reached everyone")
			.isLessThan(campaign.audience());

		Service.sleep(3000 + random.nextInt(4000));
		platform.kafka().startAgain(broker);
		Platform.startAll(List.of(firing, secondApi, notifier));
		Duration recovery = Scenario.awaitWave(campaign, wave, fault);
		Scenario.await("the notifiers to learn of the unsubscribes", Duration.ofSeconds(60),
				() -> unsubscribing.stream()
					.allMatch((id) -> campaign.database()
						.queryPatiently("select status from notifier.recipient where subscriber_id = ?",
								(row) -> row.getString(1), id)
						.contains("UNSUBSCRIBED")));
		platform.smtp().behave(Behaviour.NORMAL);
		return recovery;
	}

	private static List<UUID> receivedWave(CampaignRun campaign, CampaignRun.Wave wave) {
		return campaign.subscribers()
			.keySet()
			.stream()
			.filter((id) -> campaign.copies(id, wave.messageKey()) > 0)
			.toList();
	}

}

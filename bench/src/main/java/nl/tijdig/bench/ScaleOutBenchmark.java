package nl.tijdig.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import nl.tijdig.notifier.NotifierApplication;
import nl.tijdig.infrastructure.Infrastructure;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Emails per second with one, two and more notifier instances sharing the reminders
 * topic's partitions (one consumer group; {@code tijdig.topics.partitions}, 6 by default,
 * is the most that can share a wave), each with its own sending threads and connections,
 * on one database and one broker, into one SMTP sink; beside each, {@code smtp-source}
 * with as many connections in all. An instance is added between the steps; the warm-up
 * round of each step takes the group's rebalance. The instances run in this JVM, so the
 * CPU per email is theirs and the broker's, as in {@link SendBenchmark}. Not a test: run
 * it by hand or as {@code bench/run scaleout}.
 *
 * <pre>
 * smtp-sink -u nobody 127.0.0.1:2525 1000 &amp;
 * java -cp bench/target/classes:$(cat bench/target/bench.cp) nl.tijdig.bench.ScaleOutBenchmark 10000 3 2525 2
 * </pre>
 *
 * Arguments: emails per round (10 000), most instances (3), sink port (2525), measured
 * rounds per step (2).
 */
public final class ScaleOutBenchmark {

	private static final int CONNECTIONS = 4;

	private ScaleOutBenchmark() {
	}

	@SuppressWarnings("unchecked")
	public static void main(String[] args) throws Exception {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		int most = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		int sinkPort = (args.length > 2) ? Integer.parseInt(args[2]) : 2525;
		int rounds = (args.length > 3) ? Integer.parseInt(args[3]) : 2;
		Infrastructure infrastructure = Infrastructure.shared();
		Cpu cpu = Cpu.of(infrastructure);
		String[] arguments = SendBenchmark.notifierArguments(infrastructure, sinkPort, CONNECTIONS, false);
		List<ConfigurableApplicationContext> instances = new ArrayList<>();
		try {
			instances.add(NotifierApplication.builder().run(arguments));
			KafkaTemplate<Object, Object> kafka = instances.get(0).getBean(KafkaTemplate.class);
			JdbcClient jdbc = instances.get(0).getBean(JdbcClient.class);
			UUID campaignId = UUID.randomUUID();
			SendBenchmark.publishCampaign(kafka, campaignId, "You lose control.");
			SendBenchmark.awaitCount(jdbc, "select count(*) from campaign where campaign_id = ?", campaignId, 1);
			List<UUID> subscribers = SendBenchmark.recipients(kafka, jdbc, campaignId, count);
			double single = 0;
			for (int k = 1; k <= most; k++) {
				if (k > 1) {
					instances.add(NotifierApplication.builder().run(arguments));
				}
				int connections = k * CONNECTIONS;
				SendBenchmark.notifierRound(kafka, jdbc, cpu, infrastructure, campaignId, subscribers,
						"scale-" + k + "-warm-up");
				double[] sentBefore = sentByEach(instances);
				double[] notifier = new double[rounds];
				double[] source = new double[rounds];
				double[] cpuMs = new double[rounds];
				for (int r = 0; r < rounds; r++) {
					SendRound a = SendBenchmark.notifierRound(kafka, jdbc, cpu, infrastructure, campaignId, subscribers,
							"scale-" + k + "-round-" + r);
					SendRound b = SmtpSource.round(count, 4096, connections, sinkPort);
					notifier[r] = a.perSecond();
					source[r] = b.perSecond();
					cpuMs[r] = (a.jvmCpuMs() + a.pgCpuMs()) / count;
					System.out.printf("%d instance(s), round %d  notifier %s   smtp-source (%d connections) %s%n", k,
							r + 1, a.line(), connections, b.line());
				}
				double[] sentAfter = sentByEach(instances);
				StringBuilder shares = new StringBuilder();
				for (int i = 0; i < k; i++) {
					shares.append((i == 0) ? "" : " / ").append(String.format("%,.0f", sentAfter[i] - sentBefore[i]));
				}
				double median = SendBenchmark.median(notifier);
				if (k == 1) {
					single = median;
				}
				System.out.printf(
						"scale-out %d instance(s): %.0f emails/s (%.2f of one), CPU %.2f ms per email, "
								+ "smtp-source %.0f/s, sent by each %s, load %s%n",
						k, median, median / single, SendBenchmark.median(cpuMs), SendBenchmark.median(source), shares,
						SendRound.loadAverage());
				Rounds.fact(String.format("notifier instances sharing a wave: %d, %d connections each", k, CONNECTIONS),
						String.format(
								"%,.0f emails/s (%.2f of one instance), CPU %.2f ms per email (JVM + "
										+ "PostgreSQL), sent by each %s; smtp-source with %d connections %,.0f/s",
								median, median / single, SendBenchmark.median(cpuMs), shares, connections,
								SendBenchmark.median(source)));
			}
		}
		finally {
			for (int i = instances.size() - 1; i >= 0; i--) {
				instances.get(i).close();
			}
		}
		System.exit(0);
	}

	/** Emails each instance reported sent so far, by its own metrics. */
	private static double[] sentByEach(List<ConfigurableApplicationContext> instances) {
		return instances.stream()
			.mapToDouble((instance) -> instance.getBean(MeterRegistry.class)
				.find("tijdig.notifier.deliveries")
				.tag("outcome", "SENT")
				.counters()
				.stream()
				.mapToDouble(Counter::count)
				.sum())
			.toArray();
	}

}

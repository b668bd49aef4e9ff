package nl.tijdig.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.NotifierApplication;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.campaign.Campaigns;
import nl.tijdig.notifier.message.Messages;
import nl.tijdig.notifier.message.RenderedMessage;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.infrastructure.Infrastructure;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Emails per second end to end (Kafka → claim → SMTP → marked sent) into an SMTP sink,
 * against Postfix's {@code smtp-source} sending the same number of messages of the same
 * size over the same number of connections into the same sink, alternately (A B A B after
 * a warm-up of each, the notifier's until its JIT is about done), for each message size
 * in turn, on the embedded Kafka and PostgreSQL of the tests. Not a test: run it by hand.
 *
 * <pre>
 * smtp-sink -u nobody 127.0.0.1:2525 1000 &amp;
 * ./mvnw -q -pl bench -am spring-boot:run -Dspring-boot.run.main-class=nl.tijdig.bench.SendBenchmark \
 *     -Dspring-boot.run.arguments="2000 4,20 4 2525 3"
 * </pre>
 *
 * Arguments: messages per round (2000), message sizes in KB (4,20: about 4.4 and 20 KB on
 * the wire), SMTP connections (4), sink port (2525), rounds of each (3), {@code dkim} to
 * sign every message. Prints per round and, per size, the medians with their spread:
 * emails/s of each, their ratio, CPU per email of this JVM (the notifier and the Kafka
 * broker) and of PostgreSQL (its server processes), the live heap after GC, and the load
 * average beside every figure.
 */
public final class SendBenchmark {

	/**
	 * The JIT's share of a warm-up round's time below which the notifier counts as warm.
	 */
	private static final double WARM_JIT_SHARE = 0.05;

	/**
	 * On two cores the compilers get through the broker's, the clients', Spring's and the
	 * notifier's code in some 20 to 25 rounds of 10 000 (8 400 methods compiled in 37 s
	 * around the tenth); the rounds after 30 have never been colder.
	 */
	private static final int MOST_WARM_UPS = 30;

	private SendBenchmark() {
	}

	@SuppressWarnings("unchecked")
	public static void main(String[] args) throws Exception {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		int[] sizesKb = Arrays.stream(((args.length > 1) ? args[1] : "4,20").split(","))
			.mapToInt(Integer::parseInt)
			.toArray();
		int connections = (args.length > 2) ? Integer.parseInt(args[2]) : 4;
		int sinkPort = (args.length > 3) ? Integer.parseInt(args[3]) : 2525;
		int rounds = (args.length > 4) ? Integer.parseInt(args[4]) : 3;
		boolean dkim = args.length > 5 && "dkim".equals(args[5]);
		Infrastructure infrastructure = Infrastructure.shared();
		String[] properties = notifierArguments(infrastructure, sinkPort, connections, dkim);
		Cpu cpu = Cpu.of(infrastructure);
		try (ConfigurableApplicationContext context = NotifierApplication.builder().run(properties)) {
			KafkaTemplate<Object, Object> kafka = context.getBean(KafkaTemplate.class);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			UUID campaignId = UUID.randomUUID();

			String risk = "You lose control.";
			publishCampaign(kafka, campaignId, risk);
			awaitCount(jdbc, "select count(*) from campaign where campaign_id = ?", campaignId, 1);
			int base = size(context, campaignId);

			List<UUID> subscribers = recipients(kafka, jdbc, campaignId, count);

			int current = base;
			for (int sizeKb : sizesKb) {
				String padded = risk + " " + "x".repeat(Math.max(0, (sizeKb * 1024 - base) / 2));
				publishCampaign(kafka, campaignId, padded);
				current = awaitSize(context, campaignId, current);
				measure(kafka, jdbc, cpu, infrastructure, campaignId, subscribers, sizeKb, current, connections,
						sinkPort, rounds, dkim);
			}
			// The delivery log is the notifier's table that grows with every email sent:
			// its size per row plans a database for a campaign (docs/scaling.md).
			Map<String, Object> log = jdbc.sql(
					"select pg_total_relation_size('delivery')::float8 / count(*) as bytes, count(*) as n from delivery")
				.query()
				.singleRow();
			Rounds.fact(
					String.format("PostgreSQL bytes per delivery row in the notifier (table and indexes, %,d rows)",
							((Number) log.get("n")).longValue()),
					String.format("%.0f B", ((Number) log.get("bytes")).doubleValue()));
			Rounds.fact(String.format("notifier live heap after GC, %,d recipients and %,d emails sent", count,
					count * (rounds + 1) * sizesKb.length), (LiveHeap.afterGc() >> 20) + " MB");
		}
		System.exit(0);
	}

	/**
	 * As many confirmed recipients of the campaign, known to the notifier once it
	 * returns.
	 */
	static List<UUID> recipients(KafkaTemplate<Object, Object> kafka, JdbcClient jdbc, UUID campaignId, int count)
			throws InterruptedException {
		List<UUID> subscribers = new ArrayList<>();
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			UUID subscriberId = UUID.randomUUID();
			subscribers.add(subscriberId);
			sends.add(kafka.send(Topics.SUBSCRIBERS, subscriberId.toString(),
					SubscriptionChanged.of(subscriberId, campaignId, "bench-" + subscriberId + "@example.test",
							Language.EN, SubscriptionStatus.CONFIRMED, SubscriptionChanged.Change.CONFIRMED, null,
							Instant.now().minusSeconds(60))));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
		awaitCount(jdbc, "select count(*) from recipient where campaign_id = ?", campaignId, count);
		return subscribers;
	}

	/**
	 * The notifier on the embedded Kafka and PostgreSQL of the tests, sending into the
	 * sink as fast as it can: no throttle, no TLS, connections kept.
	 */
	static String[] notifierArguments(Infrastructure infrastructure, int sinkPort, int connections, boolean dkim)
			throws Exception {
		List<String> properties = new ArrayList<>();
		// Kafka and PostgreSQL of the tests, the sink instead of their SMTP server.
		infrastructure.springProperties()
			.forEach((key, value) -> properties.add(key.startsWith("spring.mail.") ? "" : "--" + key + "=" + value));
		properties.removeIf(String::isEmpty);
		// On the embedded servers, as the tests and the local stack: the local profile
		// lets
		// the notifier run without a bounce token.
		properties.addAll(List.of("--spring.profiles.active=local", "--spring.mail.host=127.0.0.1",
				"--spring.mail.port=" + sinkPort, "--server.port=0", "--management.server.port=0",
				"--tijdig.notifier.throttle.enabled=false", "--tijdig.notifier.smtp.tls=NONE",
				"--tijdig.notifier.smtp.concurrency=" + connections, "--tijdig.notifier.smtp.batch-size=50",
				"--tijdig.notifier.smtp.max-messages-per-connection=100000",
				"--tijdig.notifier.smtp.poll-interval=50ms", "--logging.level.root=warn"));
		if (dkim) {
			properties.addAll(List.of("--tijdig.notifier.dkim.enabled=true",
					"--tijdig.notifier.dkim.domain=tijdig.example", "--tijdig.notifier.dkim.selector=bench",
					"--tijdig.notifier.dkim.private-key=file:" + dkimKey()));
		}
		return properties.toArray(String[]::new);
	}

	/**
	 * Warm-up rounds of the notifier and one of smtp-source, then the rounds, each the
	 * notifier and then smtp-source.
	 */
	private static void measure(KafkaTemplate<Object, Object> kafka, JdbcClient jdbc, Cpu cpu,
			Infrastructure infrastructure, UUID campaignId, List<UUID> subscribers, int sizeKb, int size,
			int connections, int sinkPort, int rounds, boolean dkim) throws Exception {
		int count = subscribers.size();
		String tag = sizeKb + " KB";
		System.out.printf(
				"%n%s: %d emails of ~%d bytes per round over %d connections%s; smtp-source -d -s %d -m %d " + "-l %d%n",
				tag, count, size, connections, dkim ? ", DKIM-signed" : "", connections, count, size);
		// The notifier warms up until its JIT is about done: a figure taken while the
		// compilers still take a good part of the CPU measures the start, not the
		// sending.
		for (int warmUp = 1;; warmUp++) {
			SendRound warm = notifierRound(kafka, jdbc, cpu, infrastructure, campaignId, subscribers,
					sizeKb + "kb-warm-up-" + warmUp);
			System.out.println("warm-up " + warmUp + " (" + tag + ")  notifier " + warm.line());
			if (warm.jitCpuMs() < WARM_JIT_SHARE * warm.jvmCpuMs() || warmUp == MOST_WARM_UPS) {
				break;
			}
		}
		System.out.println(
				"warm-up (" + tag + ")  smtp-source " + SmtpSource.round(count, size, connections, sinkPort).line());
		double[] notifier = new double[rounds];
		double[] source = new double[rounds];
		double[] ratio = new double[rounds];
		double[] jvmCpu = new double[rounds];
		double[] pgCpu = new double[rounds];
		for (int r = 0; r < rounds; r++) {
			SendRound a = notifierRound(kafka, jdbc, cpu, infrastructure, campaignId, subscribers,
					sizeKb + "kb-round-" + r);
			SendRound b = SmtpSource.round(count, size, connections, sinkPort);
			notifier[r] = a.perSecond();
			source[r] = b.perSecond();
			ratio[r] = notifier[r] / source[r];
			jvmCpu[r] = a.jvmCpuMs() / count;
			pgCpu[r] = a.pgCpuMs() / count;
			System.out.printf("round %d (%s)  notifier %s   smtp-source %s   ratio %.3f%n", r + 1, tag, a.line(),
					b.line(), ratio[r]);
		}
		System.out.printf(
				"median (%s, %d bytes)  notifier %.0f emails/s (%.0f–%.0f), smtp-source %.0f/s (%.0f–%.0f), "
						+ "ratio %.3f (%.3f–%.3f); CPU per email %.2f ms JVM (notifier + broker) + %.2f ms "
						+ "PostgreSQL; live heap after GC %d MB; load %s%n%n",
				tag, size, median(notifier), min(notifier), max(notifier), median(source), min(source), max(source),
				median(ratio), min(ratio), max(ratio), median(jvmCpu), median(pgCpu), LiveHeap.afterGc() >> 20,
				SendRound.loadAverage());
	}

	private static double min(double[] values) {
		return Arrays.stream(values).min().orElse(0);
	}

	private static double max(double[] values) {
		return Arrays.stream(values).max().orElse(0);
	}

	/** One wave of reminders, each subscriber once, under a message key of its own. */
	static SendRound notifierRound(KafkaTemplate<Object, Object> kafka, JdbcClient jdbc, Cpu cpu,
			Infrastructure infrastructure, UUID campaignId, List<UUID> subscribers, String messageKey)
			throws Exception {
		LiveHeap.afterGc();
		String load = SendRound.loadAverage();
		long cpuBefore = cpu.jvm();
		long pgBefore = cpu.postgres();
		long jitBefore = Cpu.jit();
		long nanos;
		try (RecordCounter outcomes = new RecordCounter(infrastructure, Topics.DELIVERIES)) {
			long started = System.nanoTime();
			List<CompletableFuture<?>> sends = new ArrayList<>();
			for (UUID subscriberId : subscribers) {
				sends.add(kafka.send(Topics.REMINDERS, subscriberId.toString(), ReminderRequested.of(subscriberId,
						campaignId, MessageKind.WAVE_REMINDER, messageKey, "14d", Instant.now())));
			}
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
			// Done when every outcome is reported: counted by the topic's offsets, as a
			// count of rows every few milliseconds cost PostgreSQL more with every round.
			outcomes.awaitAtLeast(subscribers.size(), Duration.ofMinutes(10));
			nanos = System.nanoTime() - started;
		}
		String sql = "select count(*) from delivery where campaign_id = ? and message_key = '" + messageKey
				+ "' and state = 'SENT'";
		awaitCount(jdbc, sql, campaignId, subscribers.size());
		return new SendRound(subscribers.size(), nanos, (cpu.jvm() - cpuBefore) / 1e6,
				(cpu.postgres() - pgBefore) / 1e6, LiveHeap.afterGc(), (Cpu.jit() - jitBefore) / 1e6, load);
	}

	private static Path dkimKey() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		byte[] key = generator.generateKeyPair().getPrivate().getEncoded();
		Path file = Files.createTempFile("bench-dkim", ".pem");
		file.toFile().deleteOnExit();
		Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key)
				+ "\n-----END PRIVATE KEY-----\n");
		return file;
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static int size(ConfigurableApplicationContext context, UUID campaignId) {
		Campaign campaign = context.getBean(Campaigns.class).findById(campaignId).orElseThrow();
		RenderedMessage message = context.getBean(Messages.class)
			.render(MessageKind.WAVE_REMINDER, "14d", new Recipient(UUID.randomUUID(), campaignId, "bench@example.test",
					Language.EN, SubscriptionStatus.CONFIRMED, Instant.now()), campaign);
		// Headers and MIME structure add about a kilobyte to the two parts.
		return message.text().length() + message.html().length() + 1024;
	}

	private static int awaitSize(ConfigurableApplicationContext context, UUID campaignId, int base)
			throws InterruptedException {
		for (int i = 0; i < 600; i++) {
			int size = size(context, campaignId);
			if (size != base) {
				return size;
			}
			Thread.sleep(50);
		}
		return base;
	}

	static void awaitCount(JdbcClient jdbc, String sql, UUID campaignId, long count) throws InterruptedException {
		awaitCount(jdbc, sql, campaignId, count, Duration.ofMillis(20));
	}

	/** Asks the count again every so often until it is reached. */
	static void awaitCount(JdbcClient jdbc, String sql, UUID campaignId, long count, Duration every)
			throws InterruptedException {
		while (jdbc.sql(sql).param(campaignId).query(Long.class).single() < count) {
			Thread.sleep(every.toMillis());
		}
	}

	static void publishCampaign(KafkaTemplate<Object, Object> kafka, UUID campaignId, String risk) {
		kafka
			.send(Topics.CAMPAIGNS, campaignId.toString(), new CampaignPublished(UUID.randomUUID(), Instant.now(),
					CampaignPublished.SCHEMA_VERSION, campaignId, "bench-" + campaignId.toString().substring(0, 8),
					CampaignPublished.Status.PUBLISHED, "Testnet", Instant.now().plus(Duration.ofDays(10)),
					"Europe/Amsterdam", List.of(new Wave("14d", Duration.ofDays(14), LocalTime.of(9, 0))),
					Map.of(Language.EN,
							new Content("Testnet and your data", "Testnet wants to use your data.",
									List.of("Open the settings", "Switch it off"), "https://testnet.example/settings",
									List.of(risk), "Your profile.")),
					1, Instant.now().plus(Duration.ofDays(60))))
			.join();
	}

}

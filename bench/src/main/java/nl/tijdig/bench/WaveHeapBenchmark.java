package nl.tijdig.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import nl.tijdig.events.EventSerde;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.NotifierApplication;
import nl.tijdig.infrastructure.Infrastructure;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.apache.kafka.clients.producer.ProducerConfig;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The notifier's live heap after GC before and after one wave, for each wave size in turn
 * (10 000 and 1 000 000 by default), each to a campaign of its own: what the notifier
 * keeps must not grow with the wave. The recipients reach it as subscription events, the
 * wave as reminders, the emails go to an SMTP sink; the benchmark keeps no list of its
 * own, so the heap is the notifier's (and the broker's, in the same JVM). Also prints the
 * wave's emails per second and PostgreSQL's bytes per delivery row at that size. Not a
 * test: run it by hand, or as {@code bench/run wave} (a million emails take about a dozen
 * minutes).
 *
 * <pre>
 * smtp-sink -u nobody 127.0.0.1:2525 1000 &amp;
 * java -cp bench/target/classes:$(cat bench/target/bench.cp) nl.tijdig.bench.WaveHeapBenchmark 10000,1000000 2525
 * </pre>
 */
public final class WaveHeapBenchmark {

	private WaveHeapBenchmark() {
	}

	@SuppressWarnings("unchecked")
	public static void main(String[] args) throws Exception {
		long[] sizes = Arrays.stream(((args.length > 0) ? args[0] : "10000,1000000").split(","))
			.mapToLong(Long::parseLong)
			.toArray();
		int sinkPort = (args.length > 1) ? Integer.parseInt(args[1]) : 2525;
		Infrastructure infrastructure = Infrastructure.shared();
		Cpu cpu = Cpu.of(infrastructure);
		try (ConfigurableApplicationContext context = NotifierApplication.builder()
			.run(SendBenchmark.notifierArguments(infrastructure, sinkPort, 4, false))) {
			KafkaTemplate<Object, Object> kafka = context.getBean(KafkaTemplate.class);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			for (int s = 0; s < sizes.length; s++) {
				long size = sizes[s];
				UUID campaignId = UUID.randomUUID();
				SendBenchmark.publishCampaign(kafka, campaignId, "You lose control.");
				SendBenchmark.awaitCount(jdbc, "select count(*) from campaign where campaign_id = ?", campaignId, 1);
				// Ids from a counter: the benchmark holds nothing per subscriber.
				long high = campaignId.getMostSignificantBits();
				LongFunction<UUID> subscriber = (i) -> new UUID(high, i);
				long started = System.nanoTime();
				sendAll(infrastructure, size, (producer, i) -> {
					UUID id = subscriber.apply(i);
					return producer.send(Topics.SUBSCRIBERS, id.toString(),
							SubscriptionChanged.of(id, campaignId, "wave-" + i + "@example.test", Language.EN,
									SubscriptionStatus.CONFIRMED, SubscriptionChanged.Change.CONFIRMED, null,
									Instant.now().minusSeconds(60)));
				});
				// Once a second: each count of up to a million rows takes PostgreSQL a
				// while.
				SendBenchmark.awaitCount(jdbc, "select count(*) from recipient where campaign_id = ?", campaignId, size,
						Duration.ofSeconds(1));
				System.out.printf("%,d recipients known after %.0f s%n", size, (System.nanoTime() - started) / 1e9);
				long before = LiveHeap.afterGc();
				long cpuBefore = cpu.jvm();
				long pgBefore = cpu.postgres();
				double seconds;
				try (RecordCounter outcomes = new RecordCounter(infrastructure, Topics.DELIVERIES)) {
					started = System.nanoTime();
					sendAll(infrastructure, size, (producer, i) -> {
						UUID id = subscriber.apply(i);
						return producer.send(Topics.REMINDERS, id.toString(), ReminderRequested.of(id, campaignId,
								MessageKind.WAVE_REMINDER, "wave", "14d", Instant.now()));
					});
					// Counted by the outcomes' offsets: counting a million rows every
					// second
					// would cost PostgreSQL a share of the wave.
					outcomes.awaitAtLeast(size, Duration.ofHours(2));
					seconds = (System.nanoTime() - started) / 1e9;
				}
				SendBenchmark.awaitCount(jdbc,
						"select count(*) from delivery where campaign_id = ? and message_key = 'wave' and state = 'SENT'",
						campaignId, size);
				double jvmMs = (cpu.jvm() - cpuBefore) / 1e6 / size;
				double pgMs = (cpu.postgres() - pgBefore) / 1e6 / size;
				long after = LiveHeap.afterGc();
				long deliveryBytes = jdbc.sql("select pg_total_relation_size('delivery') / count(*) from delivery")
					.query(Long.class)
					.single();
				System.out.printf(
						"wave of %,d: %.0f emails/s, CPU %.2f ms JVM + %.2f ms PG per email; "
								+ "live heap after GC %d MB before, %d MB after%n",
						size, size / seconds, jvmMs, pgMs, before >> 20, after >> 20);
				Rounds.fact(
						String.format("notifier live heap after GC, a wave of %,d emails (%,d recipients "
								+ "known): before / after", size, Arrays.stream(sizes).limit(s + 1).sum()),
						String.format("%d MB / %d MB", before >> 20, after >> 20));
				Rounds.fact("notifier emails per second over that wave, CPU per email",
						String.format("%,.0f/s, %.2f ms JVM + %.2f ms PostgreSQL", size / seconds, jvmMs, pgMs));
				Rounds.fact("PostgreSQL bytes per delivery row in the notifier (table and indexes, after it)",
						deliveryBytes + " B");
			}
		}
		System.exit(0);
	}

	/**
	 * Sends a record per index without keeping a future each: the failures are counted,
	 * and any fails the benchmark once all were sent.
	 */
	private static void sendAll(Infrastructure infrastructure, long count, Send send) {
		// A producer of the benchmark's own, closed once all went: the notifier's would
		// keep the buffers of a million records in its pool, and the heap measured is
		// this whole JVM's.
		Map<String, Object> config = new HashMap<>(EventSerde.producerConfig());
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
		DefaultKafkaProducerFactory<Object, Object> producers = new DefaultKafkaProducerFactory<>(config);
		KafkaTemplate<Object, Object> kafka = new KafkaTemplate<>(producers);
		AtomicLong failed = new AtomicLong();
		for (long i = 0; i < count; i++) {
			send.send(kafka, i).whenComplete((result, ex) -> {
				if (ex != null) {
					failed.incrementAndGet();
				}
			});
		}
		kafka.flush();
		producers.destroy();
		if (failed.get() > 0) {
			throw new IllegalStateException(failed.get() + " of " + count + " records were not sent");
		}
	}

	private interface Send {

		CompletableFuture<?> send(KafkaTemplate<Object, Object> kafka, long index);

	}

}

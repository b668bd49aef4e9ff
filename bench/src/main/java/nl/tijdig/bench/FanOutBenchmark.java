package nl.tijdig.scheduler.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.tools.ProducerPerformance;

import nl.tijdig.events.EventSerializer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.EventSerde;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.scheduler.SchedulerApplication;
import nl.tijdig.scheduler.TestCampaigns;
import nl.tijdig.testinfra.TopicWriter;
import nl.tijdig.testinfra.Infrastructure;
import nl.tijdig.testinfra.InfrastructureInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Measures the fan-out of one wave end to end: from publishing a campaign whose wave is
 * due until every reminder request is on {@code tijdig.reminders}, through Quartz, the
 * keyset paging, the outbox and its relay; then, as the yardstick, the same number of
 * reminder events sent straight to the same broker by a Kafka producer with the services'
 * producer settings (what Kafka's own {@code ProducerPerformance} would measure). Prints
 * events/s for both, their ratio and the live heap after a GC.
 * <p>
 * Runs on the embedded Kafka and PostgreSQL, like the tests:
 *
 * <pre>
 * ./mvnw -pl scheduler test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-Xmx1g -classpath %classpath nl.tijdig.scheduler.bench.FanOutBenchmark 10000"
 * </pre>
 *
 * The argument is the audience size (default 10000).
 */
public final class FanOutBenchmark {

	private FanOutBenchmark() {
	}

	public static void main(String[] args) {
		int status = 1;
		try {
			run((args.length > 0) ? Integer.parseInt(args[0]) : 10_000);
			status = 0;
		}
		catch (Exception ex) {
			ex.printStackTrace();
		}
		// The shared infrastructure's servers would keep the JVM alive.
		System.exit(status);
	}

	private static void run(int audience) throws Exception {
		Infrastructure infrastructure = Infrastructure.shared();
		try (ConfigurableApplicationContext context = SchedulerApplication.builder()
			.initializers(new InfrastructureInitializer(infrastructure))
			.properties("server.port=0", "logging.level.nl.tijdig=warn")
			.run()) {
			UUID campaignId = UUID.randomUUID();
			givenAudience(context.getBean(JdbcClient.class), campaignId, audience);
			long heapBefore = liveHeap();

			long fanOutNanos;
			long firstToLastNanos;
			try (ReminderCounter counter = new ReminderCounter(infrastructure)) {
				long start = System.nanoTime();
				try (TopicWriter writer = new TopicWriter()) {
					// Due a moment ago: the campaign's trigger fires at once.
					writer.send(Topics.CAMPAIGNS, campaignId.toString(), TestCampaigns.published(campaignId,
							Instant.now().plus(Duration.ofHours(1)), TestCampaigns.before("2h", Duration.ofHours(2))));
				}
				counter.awaitAtLeast(audience, Duration.ofMinutes(30));
				fanOutNanos = System.nanoTime() - start;
				firstToLastNanos = System.nanoTime() - counter.firstArrival;
			}
			long heapAfter = liveHeap();

			double producerRate = producerPerformance(infrastructure, audience);
			double fanOutRate = audience / (fanOutNanos / 1e9);
			System.out.printf("%nFan-out of %,d subscribers%n", audience);
			System.out.printf(
					"  scheduler fan-out (Quartz -> pages -> outbox -> relay -> Kafka): %,.0f events/s (%.2f s)%n",
					fanOutRate, fanOutNanos / 1e9);
			System.out.printf("  Kafka's ProducerPerformance, same settings, same broker:       %,.0f events/s%n",
					producerRate);
			System.out.printf("  of which first to last reminder on the topic: %,.0f events/s (%.2f s)%n",
					audience / (firstToLastNanos / 1e9), firstToLastNanos / 1e9);
			System.out.printf("  ratio: %.2f%n", fanOutRate / producerRate);
			System.out.printf("  live heap after GC: %,d MB before the wave, %,d MB after it%n", heapBefore >> 20,
					heapAfter >> 20);
		}
	}

	/**
	 * Confirmed subscribers, written in bulk as the audience projection would hold them.
	 */
	private static void givenAudience(JdbcClient jdbc, UUID campaignId, int size) {
		jdbc.sql(
				"""
						insert into audience_member (subscriber_id, campaign_id, status, language, confirmed_at, last_event_time)
						select gen_random_uuid(), ?, 'CONFIRMED', 'NL', now() - interval '1 hour', now()
						from generate_series(1, ?)
						""")
			.params(campaignId, size)
			.update();
		jdbc.sql("analyze audience_member").update();
	}

	/**
	 * Runs Kafka's own {@code ProducerPerformance} on the same broker, with the producer
	 * defaults the relay uses too, records the size of a serialised reminder, on the same
	 * topic, and reads its throughput from what it prints.
	 */
	private static double producerPerformance(Infrastructure infrastructure, int count) throws Exception {
		// The reminders topic itself: no service reads it in this JVM any more.
		String topic = Topics.REMINDERS;
		EventSerializer serializer = new EventSerializer();
		serializer.configure(EventSerde.producerConfig(), false);
		UUID subscriberId = UUID.randomUUID();
		int recordSize = serializer.serialize(Topics.REMINDERS, new RecordHeaders(), ReminderRequested.of(subscriberId,
				UUID.randomUUID(), MessageKind.WAVE_REMINDER, "wave:2h", "2h", Instant.now())).length;
		PrintStream console = System.out;
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
		try {
			ProducerPerformance.main(new String[] { "--topic", topic, "--num-records", Integer.toString(count),
					"--record-size", Integer.toString(recordSize), "--throughput", "-1", "--producer-props",
					"bootstrap.servers=" + infrastructure.kafkaBootstrapServers() });
		}
		finally {
			System.setOut(console);
		}
		Matcher total = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec")
			.matcher(printed.toString(StandardCharsets.UTF_8));
		double perSecond = -1;
		while (total.find()) {
			perSecond = Double.parseDouble(total.group(2));
		}
		if (perSecond < 0) {
			throw new IllegalStateException("ProducerPerformance printed no total: " + printed);
		}
		return perSecond;
	}

	private static long liveHeap() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	/** Counts the records that reach {@code tijdig.reminders} from now on. */
	private static final class ReminderCounter implements AutoCloseable {

		private final KafkaConsumer<String, byte[]> consumer;

		private long firstArrival;

		ReminderCounter(Infrastructure infrastructure) {
			this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
					infrastructure.kafkaBootstrapServers(), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
					StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
					ByteArrayDeserializer.class, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
			List<TopicPartition> partitions = this.consumer.partitionsFor(Topics.REMINDERS)
				.stream()
				.map((partition) -> new TopicPartition(Topics.REMINDERS, partition.partition()))
				.toList();
			this.consumer.assign(partitions);
			this.consumer.seekToEnd(partitions);
			partitions.forEach(this.consumer::position);
		}

		void awaitAtLeast(int count, Duration patience) {
			long deadline = System.nanoTime() + patience.toNanos();
			long seen = 0;
			while (seen < count) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Only " + seen + " of " + count + " reminders arrived");
				}
				int polled = this.consumer.poll(Duration.ofMillis(100)).count();
				if (seen == 0 && polled > 0) {
					this.firstArrival = System.nanoTime();
				}
				seen += polled;
			}
		}

		@Override
		public void close() {
			this.consumer.close(Duration.ofSeconds(5));
		}

	}

}

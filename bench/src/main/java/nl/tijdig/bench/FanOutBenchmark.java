package nl.tijdig.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.EventSerde;
import nl.tijdig.events.EventSerializer;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.events.Versions;
import nl.tijdig.scheduler.SchedulerApplication;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.testinfra.TopicWriter;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.tools.ProducerPerformance;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The fan-out of one wave end to end, from the time the wave is due until every reminder
 * request is on {@code tijdig.reminders} (Quartz, the keyset paging, the producer, the
 * broker), against Kafka's own {@code ProducerPerformance} sending as many records of a
 * serialised reminder's size to the same topic on the same broker with the scheduler's
 * producer settings: what the machine can put on that topic at all.
 * <p>
 * Settings as system properties or {@code --bench.*} arguments:
 * {@code bench.fanout.sizes} (audience sizes, {@code 10000,1000000}) and
 * {@code bench.rounds} (3). Each fan-out gets a fresh campaign and audience, written in
 * bulk as the audience projection would hold them, before its clock starts. Only the
 * first size is warmed up: the later ones run on code the JIT compiled for it.
 */
public final class FanOutBenchmark {

	private FanOutBenchmark() {
	}

	public static void main(String[] args) {
		int status = 1;
		try {
			SignUpBenchmark.benchSettings(args);
			run();
			status = 0;
		}
		catch (Exception ex) {
			ex.printStackTrace();
		}
		// The shared infrastructure's servers would keep the JVM alive.
		System.exit(status);
	}

	private static void run() throws Exception {
		List<Integer> sizes = new ArrayList<>();
		for (String size : System.getProperty("bench.fanout.sizes", "10000,1000000").split(",")) {
			sizes.add(Integer.parseInt(size.trim()));
		}
		Infrastructure infrastructure = Infrastructure.shared();
		Cpu cpu = Cpu.of(infrastructure);
		try (ConfigurableApplicationContext context = SchedulerApplication.builder()
			.initializers(infrastructure.initializer())
			.properties("server.port=0", "logging.level.root=warn")
			.run()) {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			Map<String, Object> producer = context.getBean(ProducerFactory.class).getConfigurationProperties();
			for (int size : sizes) {
				String pair = String.format("fan-out, %,d subscribers", size);
				Heap heap = new Heap();
				Rounds.pair(pair, Rounds.Side.of("scheduler fan-out", (clock) -> {
					UUID campaignId = UUID.randomUUID();
					givenAudience(jdbc, campaignId, size);
					heap.before();
					try (RecordCounter counter = new RecordCounter(infrastructure, Topics.REMINDERS)) {
						Instant due = publish(campaignId);
						sleepUntil(due);
						clock.restart();
						counter.awaitAtLeast(size, Duration.ofMinutes(30));
						System.out.printf(
								"  first reminder on the topic %.2f s after the wave's time, the last %.2f s later%n",
								(counter.firstArrival() - clock.startNanos()) / 1e9,
								(System.nanoTime() - counter.firstArrival()) / 1e9);
					}
					heap.after();
					return Rounds.Done.of(size);
				}), Rounds.Side.of("Kafka ProducerPerformance", (clock) -> {
					producerPerformance(infrastructure, producer, size);
					return Rounds.Done.of(size);
				}), Rounds.count(), cpu, "≥ 0.5", size == sizes.get(0));
				Rounds.fact(String.format("scheduler JVM (with the broker) live heap after GC, %,d subscribers: "
						+ "before / after a wave", size), heap.toString());
			}
			long members = jdbc.sql("select count(*) from audience_member").query(Long.class).single();
			long bytes = jdbc.sql("select pg_total_relation_size('audience_member')").query(Long.class).single();
			Rounds.fact("PostgreSQL bytes per audience member (table and indexes, " + String.format("%,d", members)
					+ " rows)", String.format("%.0f B", (double) bytes / members));
		}
	}

	/**
	 * Confirmed subscribers, written in bulk as the audience projection would hold them;
	 * the audiences of earlier rounds go first, so each fan-out pages the same table.
	 */
	private static void givenAudience(JdbcClient jdbc, UUID campaignId, int size) {
		jdbc.sql("truncate audience_member").update();
		jdbc.sql(
				"""
						insert into audience_member (subscriber_id, campaign_id, status, language, confirmed_at, last_event_time, version)
						select gen_random_uuid(), ?, 'CONFIRMED', 'NL', now() - interval '1 hour', now(), 2
						from generate_series(1, ?)
						""")
			.params(campaignId, size)
			.update();
		jdbc.sql("analyze audience_member").update();
	}

	/**
	 * How far ahead of its wave a campaign is published: beyond Quartz's idle wait (5 s),
	 * so that Quartz has seen the trigger before it is due and fires it on time, as it
	 * does for every wave planned ahead. A wave already due when its campaign arrives
	 * starts up to that idle wait late (the trigger is stored in the listener's
	 * transaction, after Quartz was told of it); that start is the scheduler's metric
	 * {@code tijdig.scheduler.wave.start.delay}, not the fan-out's speed.
	 */
	private static final Duration AHEAD = Duration.ofSeconds(7);

	/**
	 * Publishes a campaign whose one wave is due {@link #AHEAD} from now.
	 * @return when the wave is due
	 */
	private static Instant publish(UUID campaignId) {
		Instant due = Instant.now().plus(AHEAD).truncatedTo(ChronoUnit.SECONDS);
		Instant deadline = due.plus(Duration.ofHours(2));
		try (TopicWriter writer = new TopicWriter()) {
			writer.send(Topics.CAMPAIGNS, campaignId.toString(),
					new CampaignPublished(UUID.randomUUID(), Instant.now(), CampaignPublished.SCHEMA_VERSION,
							campaignId, "bench-" + campaignId, CampaignPublished.Status.PUBLISHED, "LinkedIn", deadline,
							"Europe/Amsterdam", List.of(new Wave("2h", Duration.ofHours(2), null)), Map.of(), 1,
							deadline.plus(Duration.ofDays(30)), Versions.NONE));
		}
		return due;
	}

	private static void sleepUntil(Instant instant) throws InterruptedException {
		long millis = Duration.between(Instant.now(), instant).toMillis();
		if (millis > 0) {
			Thread.sleep(millis);
		}
	}

	/**
	 * Runs Kafka's own {@code ProducerPerformance} on the same broker and topic, with the
	 * settings of the scheduler's producer and records the size of a serialised reminder.
	 */
	private static double producerPerformance(Infrastructure infrastructure, Map<String, Object> producer, int count)
			throws Exception {
		EventSerializer serializer = new EventSerializer();
		serializer.configure(EventSerde.producerConfig(), false);
		int recordSize = serializer.serialize(Topics.REMINDERS, new RecordHeaders(),
				ReminderRequested.of(UUID.randomUUID(), UUID.randomUUID(), MessageKind.WAVE_REMINDER, "wave:2h", "2h",
						Instant.now(), 2)).length;
		List<String> arguments = new ArrayList<>(List.of("--topic", Topics.REMINDERS, "--num-records",
				Integer.toString(count), "--record-size", Integer.toString(recordSize), "--throughput", "-1",
				"--producer-props", "bootstrap.servers=" + infrastructure.kafkaBootstrapServers()));
		for (String setting : List.of(ProducerConfig.ACKS_CONFIG, ProducerConfig.LINGER_MS_CONFIG,
				ProducerConfig.BATCH_SIZE_CONFIG, ProducerConfig.COMPRESSION_TYPE_CONFIG,
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.BUFFER_MEMORY_CONFIG)) {
			if (producer.get(setting) != null) {
				arguments.add(setting + "=" + producer.get(setting));
			}
		}
		PrintStream console = System.out;
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
		try {
			ProducerPerformance.main(arguments.toArray(String[]::new));
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

	/** The live heap after GC before and after the first wave of a size. */
	private static final class Heap {

		private long before = -1;

		private long after = -1;

		private int waves;

		void before() {
			// The first wave of this size.
			if (++this.waves == 1) {
				this.before = LiveHeap.afterGc();
			}
		}

		void after() {
			if (this.waves == 1) {
				this.after = LiveHeap.afterGc();
			}
		}

		@Override
		public String toString() {
			return String.format("%,d MB / %,d MB", this.before >> 20, this.after >> 20);
		}

	}

}

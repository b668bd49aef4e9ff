package nl.tijdig.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import nl.tijdig.api.ReminderApiApplication;
import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.campaign.Campaigns;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.EventSerde;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.WaveProgressed;
import nl.tijdig.notifier.NotifierApplication;
import nl.tijdig.testinfra.ConsoleClient;
import nl.tijdig.infrastructure.Infrastructure;

/**
 * What the operators' console costs, in one run on the embedded servers, each figure
 * beside a baseline of the same machine and run:
 * <ol>
 * <li>how fast the console's projection counts events it finds on the topics, and its
 * deliveries apart, against a plain consumer reading the same records from the same
 * broker;</li>
 * <li>how fast and how quickly the dashboard's numbers answer at that size, for 1 and for
 * several pollers, against a bare endpoint behind the same login;</li>
 * <li>how long a preview takes there and back (console, Kafka, notifier, Kafka, console),
 * against the preview page without a message chosen, which asks nobody.</li>
 * </ol>
 * Settings as system properties or {@code --bench.*} arguments: {@code bench.events}
 * (200000), {@code bench.requests} per numbers run (2000), {@code bench.pollers} (8),
 * {@code bench.previews} (300); other arguments go to both services.
 */
public final class ConsoleBenchmark {

	private static final String BARE = "/admin/bench/bare";

	private static final String USERNAME = "operator";

	private static final String PASSWORD = "operator-secret";

	private static final List<String> PROJECTION = List.of("reminder-api-console-subscribers",
			"reminder-api-console-deliveries", "reminder-api-console-waves");

	private ConsoleBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		SignUpBenchmark.benchSettings(args);
		int events = Integer.getInteger("bench.events", 200_000);
		int requests = Integer.getInteger("bench.requests", 2000);
		int pollers = Integer.getInteger("bench.pollers", 8);
		int previews = Integer.getInteger("bench.previews", 300);
		int timeoutMinutes = Integer.getInteger("bench.timeout-minutes", 15);

		Infrastructure infrastructure = Infrastructure.shared();
		ConfigurableApplicationContext api = ReminderApiApplication.builder()
			.sources(BareEndpoint.class)
			.initializers(infrastructure.initializer())
			.run(SignUpBenchmark.arguments(args, "--server.port=0", "--tijdig.signup.limits.enabled=false",
					"--tijdig.demo.enabled=true", "--tijdig.demo.slug=bench", "--logging.level.root=warn",
					"--logging.include-application-name=false", "--tijdig.console.operators[0].username=" + USERNAME,
					// bcrypt, cost 4, of operator-secret, as in reminder-api's tests
					"--tijdig.console.operators[0].password-hash=$2a$04$WOyPx9WlMKZslxjlBk9nyupNkqDC6.2lIbS2XJNQuihIPHkMAb1AC",
					"--tijdig.console.operators[0].role=OPERATOR"));
		int port = ((WebServerApplicationContext) api).getWebServer().getPort();
		Campaign campaign = api.getBean(Campaigns.class).findBySlug("bench").orElseThrow();
		String lagCachedFor = api.getEnvironment().getProperty("tijdig.console.consumer-lag.cache-for", "5s");

		// 1. The projection, against a plain consumer of the same records.
		KafkaListenerEndpointRegistry listeners = api.getBean(KafkaListenerEndpointRegistry.class);
		pause(listeners);
		long heapBefore = liveHeap();
		int subscribers = events / 4;
		int published = publish(infrastructure, campaign, subscribers);
		Cpu cpu = Cpu.of(infrastructure);
		Cpu.Mark projectionCpu = cpu.mark();
		long started = System.nanoTime();
		PROJECTION.forEach((id) -> listeners.getListenerContainer(id).resume());
		Counted counted = awaitCounted(api.getBean(JdbcClient.class), campaign, subscribers, published,
				Duration.ofMinutes(timeoutMinutes), started);
		double projectionSeconds = (System.nanoTime() - started) / 1e9;
		Cpu.Used projectionUsed = projectionCpu.used();
		long heapAfter = liveHeap();
		long readStarted = System.nanoTime();
		Cpu.Mark readCpu = cpu.mark();
		long read = readAll(infrastructure);
		double readSeconds = (System.nanoTime() - readStarted) / 1e9;
		Cpu.Used readUsed = readCpu.used();

		// 2. The dashboard's numbers at that size, against a bare endpoint behind the
		// same login.
		String numbersPath = "/admin/campaigns/" + campaign.id() + "/numbers";
		Sessions sessions = new Sessions(port, pollers);
		int rounds = Rounds.count();
		Rounds.pair("dashboard numbers, 1 poller",
				Rounds.Side.of("numbers",
						(clock) -> Rounds.Done.of(Load.closedLoop(requests, 1, (i) -> sessions.ok(numbersPath)))),
				Rounds.Side.of("bare endpoint, same login",
						(clock) -> Rounds.Done.of(Load.closedLoop(requests, 1, (i) -> sessions.ok(BARE)))),
				rounds, cpu, null);
		Rounds.pair("dashboard numbers, " + pollers + " pollers",
				Rounds.Side.of("numbers",
						(clock) -> Rounds.Done.of(Load.closedLoop(requests, pollers, (i) -> sessions.ok(numbersPath)))),
				Rounds.Side.of("bare endpoint, same login",
						(clock) -> Rounds.Done.of(Load.closedLoop(requests, pollers, (i) -> sessions.ok(BARE)))),
				rounds, cpu, null);

		// 3. A preview there and back, with the notifier in this JVM and its SMTP the
		// embedded one.
		ConfigurableApplicationContext notifier = NotifierApplication.builder()
			.initializers(infrastructure.initializer())
			.run(SignUpBenchmark.arguments(args, "--server.port=0", "--logging.level.root=warn",
					"--logging.include-application-name=false", "--tijdig.links.base-url=http://localhost:" + port));
		// A preview needs neither; left running they would spend the next minutes
		// catching up on the events above beside the previews measured.
		KafkaListenerEndpointRegistry notifierListeners = notifier.getBean(KafkaListenerEndpointRegistry.class);
		List.of("notifier-subscribers", "notifier-reminders")
			.forEach((id) -> notifierListeners.getListenerContainer(id).pause());
		String formPath = "/admin/campaigns/" + campaign.id() + "/preview";
		String previewPath = formPath + "?kind=WELCOME&language=NL";
		ConsoleClient browser = new ConsoleClient(port).loggedIn(USERNAME, PASSWORD);
		awaitPreview(browser, previewPath, Duration.ofMinutes(2));
		Rounds.pair("preview round trip",
				Rounds.Side.of("preview WELCOME NL (notifier)",
						(clock) -> Rounds.Done.of(Load.closedLoop(previews, 1, (i) -> ok(browser, previewPath)))),
				Rounds.Side.of("preview page, nothing chosen",
						(clock) -> Rounds.Done.of(Load.closedLoop(previews, 1, (i) -> ok(browser, formPath)))),
				rounds, cpu, null);

		System.out.println();
		System.out.printf("Console benchmark, %d cores%n", Runtime.getRuntime().availableProcessors());
		System.out.printf("1. projection of %,d events (%,d subscribers: signed up, confirmed, confirmation and "
				+ "wave reminder sent; 3 wave steps)%n", published, subscribers);
		System.out.printf("   console projection: %s in %.1f s, %,.0f events/s%n",
				counted.all() ? "all counted" : "NOT all counted", projectionSeconds, published / projectionSeconds);
		System.out.printf("   of which tijdig.deliveries (a batch listener): %,d in %.1f s, %,.0f events/s%n",
				2 * subscribers, counted.deliveriesSeconds(), 2 * subscribers / counted.deliveriesSeconds());
		System.out.printf("   plain consumer, same records and broker: %,d records in %.1f s, %,.0f events/s%n", read,
				readSeconds, read / readSeconds);
		System.out.printf("   projection / plain consumer: %.3f%n",
				(published / projectionSeconds) / (read / readSeconds));
		System.out.printf("   deliveries / plain consumer: %.3f%n",
				(2 * subscribers / counted.deliveriesSeconds()) / (read / readSeconds));
		System.out.printf(
				"   live heap after GC: %,d MB before, %,d MB after (this JVM: reminder-api and the broker)%n",
				heapBefore >> 20, heapAfter >> 20);
		// One pass: publishing and counting the events again would take minutes per
		// round.
		String pair = String.format("console projection, %,d events", published);
		Rounds.row(pair, "console projection",
				List.of(new Rounds.Measurement(published, (long) (projectionSeconds * 1e9), projectionUsed, null)));
		Rounds.row(pair, "plain consumer, same records",
				List.of(new Rounds.Measurement(read, (long) (readSeconds * 1e9), readUsed, null)));
		System.out.printf(Locale.ROOT,
				"§ratio | %s | console projection / plain consumer (one pass) | %.3f | | ≥ 0.3 |%n", pair,
				(published / projectionSeconds) / (read / readSeconds));
		Rounds.fact(
				"reminder-api JVM (with the broker) live heap after GC, before / after projecting "
						+ String.format("%,d events", published),
				String.format("%,d MB / %,d MB", heapBefore >> 20, heapAfter >> 20));
		System.out.printf("The dashboard's numbers include the consumer lag, asked of the broker once per %s for "
				+ "every poller together.%n", lagCachedFor);
		notifier.close();
		api.close();
		System.exit(0);
	}

	/**
	 * Pauses the projection and waits until it is, so that what it is timed on is only
	 * the counting, not the publishing.
	 */
	private static void pause(KafkaListenerEndpointRegistry listeners) throws InterruptedException {
		List<MessageListenerContainer> containers = PROJECTION.stream().map(listeners::getListenerContainer).toList();
		containers.forEach(MessageListenerContainer::pause);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!containers.stream().allMatch(MessageListenerContainer::isContainerPaused)
				&& System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	/**
	 * Each subscriber signs up, confirms, and is sent the confirmation and one wave
	 * reminder; the wave starts, is fanned out and finishes.
	 * @return the number of events published
	 */
	private static int publish(Infrastructure infrastructure, Campaign campaign, int subscribers) {
		Map<String, Object> config = new HashMap<>(EventSerde.producerConfig());
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
		config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
		UUID campaignId = campaign.id();
		String wave = campaign.waves().get(0).key();
		Instant now = Instant.now();
		int count = 0;
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config)) {
			for (int i = 0; i < subscribers; i++) {
				UUID id = UUID.randomUUID();
				String key = id.toString();
				String email = "console-" + i + "@example.test";
				producer
					.send(new ProducerRecord<>(Topics.SUBSCRIBERS, key, SubscriptionChanged.of(id, campaignId, email,
							Language.NL, SubscriptionStatus.PENDING, SubscriptionChanged.Change.SIGNED_UP, null, now)));
				producer.send(new ProducerRecord<>(Topics.SUBSCRIBERS, key,
						SubscriptionChanged.of(id, campaignId, email, Language.NL, SubscriptionStatus.CONFIRMED,
								SubscriptionChanged.Change.CONFIRMED, null, now)));
				producer.send(new ProducerRecord<>(Topics.DELIVERIES, key, DeliveryRecorded.of(id, campaignId,
						MessageKind.CONFIRMATION, "confirmation", null, DeliveryOutcome.SENT, null, now)));
				producer.send(new ProducerRecord<>(Topics.DELIVERIES, key, DeliveryRecorded.of(id, campaignId,
						MessageKind.WAVE_REMINDER, "wave:" + wave, wave, DeliveryOutcome.SENT, null, now)));
				count += 4;
			}
			for (WaveProgressed step : List.of(
					WaveProgressed.of(campaignId, wave, WaveProgressed.Phase.STARTED, 0, now),
					WaveProgressed.of(campaignId, wave, WaveProgressed.Phase.FANNED_OUT, subscribers, now),
					WaveProgressed.of(campaignId, wave, WaveProgressed.Phase.FINISHED, subscribers, now))) {
				producer.send(new ProducerRecord<>(Topics.WAVES, campaignId.toString(), step));
				count++;
			}
			producer.flush();
		}
		return count;
	}

	/**
	 * Waits until the console's tables count every event published: the funnel's two
	 * steps and the two deliveries of each subscriber, and the wave's three steps, of
	 * which the last one is applied last since they share a partition. Notes apart when
	 * the deliveries are all counted: their listener takes batches, the others records.
	 */
	private static Counted awaitCounted(JdbcClient jdbc, Campaign campaign, int subscribers, int published,
			Duration timeout, long started) throws InterruptedException {
		double deliveriesSeconds = Double.NaN;
		long deadline = System.nanoTime() + timeout.toNanos();
		long lastReport = System.nanoTime();
		while (System.nanoTime() < deadline) {
			List<Long> counts = jdbc.sql("""
					SELECT (SELECT coalesce(sum(count), 0) FROM console_funnel WHERE campaign_id = :campaign)
					     + (SELECT 3 * count(*) FROM console_wave WHERE campaign_id = :campaign
					         AND finished_at IS NOT NULL AND fanned_out = :subscribers),
					       (SELECT coalesce(sum(count), 0) FROM console_delivery WHERE campaign_id = :campaign)
					""")
				.param("campaign", campaign.id())
				.param("subscribers", subscribers)
				.query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2)))
				.single();
			long deliveries = counts.get(1);
			long counted = counts.get(0) + deliveries;
			if (Double.isNaN(deliveriesSeconds) && deliveries >= 2L * subscribers) {
				deliveriesSeconds = (System.nanoTime() - started) / 1e9;
			}
			if (counted >= published) {
				return new Counted(true, deliveriesSeconds);
			}
			if (System.nanoTime() - lastReport > Duration.ofSeconds(30).toNanos()) {
				System.out.printf("   ... %,d of %,d events counted%n", counted, published);
				lastReport = System.nanoTime();
			}
			Thread.sleep(100);
		}
		return new Counted(false, deliveriesSeconds);
	}

	/**
	 * Whether the projection counted every event in time, and how long the deliveries
	 * took ({@code NaN} if they were not all counted).
	 */
	private record Counted(boolean all, double deliveriesSeconds) {
	}

	/**
	 * Reads every record of the projection's topics from the beginning, deserialized as
	 * the services do.
	 * @return the number of records read
	 */
	private static long readAll(Infrastructure infrastructure) {
		Map<String, Object> config = new HashMap<>(EventSerde.consumerConfig());
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : List.of(Topics.SUBSCRIBERS, Topics.DELIVERIES, Topics.WAVES)) {
				consumer.partitionsFor(topic)
					.forEach((partition) -> partitions.add(new TopicPartition(topic, partition.partition())));
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			long read = 0;
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))) {
				ConsumerRecords<String, Object> records = consumer.poll(Duration.ofMillis(500));
				read += records.count();
			}
			return read;
		}
	}

	/** Waits until the notifier answers previews at all: its consumers join late. */
	private static void awaitPreview(ConsoleClient browser, String path, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!ok(browser, path)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The notifier answers no preview");
			}
		}
	}

	private static boolean ok(ConsoleClient browser, String path) {
		try {
			return browser.get(path).statusCode() == 200;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static long liveHeap() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** One logged-in operator per poller, as each dashboard has its own session. */
	private static final class Sessions {

		private final BlockingQueue<ConsoleClient> browsers = new LinkedBlockingQueue<>();

		Sessions(int port, int count) {
			for (int i = 0; i < count; i++) {
				this.browsers.add(new ConsoleClient(port).loggedIn(USERNAME, PASSWORD));
			}
		}

		boolean ok(String path) {
			ConsoleClient browser = this.browsers.poll();
			try {
				return ConsoleBenchmark.ok(browser, path);
			}
			finally {
				this.browsers.add(browser);
			}
		}

	}

	/** Answers a little JSON and does nothing, behind the console's login. */
	@RestController
	static class BareEndpoint {

		@GetMapping(BARE)
		Map<String, String> bare() {
			return Map.of("status", "ok");
		}

	}

}

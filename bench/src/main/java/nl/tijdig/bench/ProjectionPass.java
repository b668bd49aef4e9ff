package nl.tijdig.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.EventSerde;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.WaveProgressed;
import nl.tijdig.infrastructure.Infrastructure;

/**
 * The console benchmark's first pair, in one pass: how fast the console's projection
 * counts events it finds on the topics, and its deliveries apart, against a plain
 * consumer reading the same records from the same broker. Publishing and counting the
 * events again would take minutes per round.
 */
final class ProjectionPass {

	private static final List<String> PROJECTION = List.of("reminder-api-console-subscribers",
			"reminder-api-console-deliveries", "reminder-api-console-waves");

	private ProjectionPass() {
	}

	/**
	 * Publishes the events of {@code events / 4} subscribers with the projection paused,
	 * then lets it count them, then reads them with a plain consumer.
	 */
	static Result run(ConfigurableApplicationContext api, Infrastructure infrastructure, Campaign campaign, int events,
			Duration timeout, Cpu cpu) throws InterruptedException {
		KafkaListenerEndpointRegistry listeners = api.getBean(KafkaListenerEndpointRegistry.class);
		pause(listeners);
		long heapBefore = LiveHeap.afterGc();
		int subscribers = events / 4;
		int published = publish(infrastructure, campaign, subscribers);
		Cpu.Mark projectionCpu = cpu.mark();
		long started = System.nanoTime();
		PROJECTION.forEach((id) -> listeners.getListenerContainer(id).resume());
		Counted counted = awaitCounted(api.getBean(JdbcClient.class), campaign, subscribers, published, timeout,
				started);
		double projectionSeconds = (System.nanoTime() - started) / 1e9;
		Cpu.Used projectionUsed = projectionCpu.used();
		long heapAfter = LiveHeap.afterGc();
		long readStarted = System.nanoTime();
		Cpu.Mark readCpu = cpu.mark();
		long read = readAll(infrastructure);
		double readSeconds = (System.nanoTime() - readStarted) / 1e9;
		Cpu.Used readUsed = readCpu.used();
		return new Result(subscribers, published, counted, projectionSeconds, projectionUsed, read, readSeconds,
				readUsed, heapBefore, heapAfter);
	}

	/**
	 * What one pass measured.
	 *
	 * @param heapBefore the live heap after GC before publishing, of this JVM
	 * (reminder-api and the broker)
	 * @param heapAfter the same once the projection counted everything
	 */
	record Result(int subscribers, int published, Counted counted, double projectionSeconds, Cpu.Used projectionUsed,
			long read, double readSeconds, Cpu.Used readUsed, long heapBefore, long heapAfter) {

		void print() {
			System.out.printf("1. projection of %,d events (%,d subscribers: signed up, confirmed, confirmation and "
					+ "wave reminder sent; 3 wave steps)%n", this.published, this.subscribers);
			System.out.printf("   console projection: %s in %.1f s, %,.0f events/s%n",
					this.counted.all() ? "all counted" : "NOT all counted", this.projectionSeconds,
					this.published / this.projectionSeconds);
			System.out.printf("   of which tijdig.deliveries (a batch listener): %,d in %.1f s, %,.0f events/s%n",
					2 * this.subscribers, this.counted.deliveriesSeconds(),
					2 * this.subscribers / this.counted.deliveriesSeconds());
			System.out.printf("   plain consumer, same records and broker: %,d records in %.1f s, %,.0f events/s%n",
					this.read, this.readSeconds, this.read / this.readSeconds);
			System.out.printf("   projection / plain consumer: %.3f%n", projectionPerPlain());
			System.out.printf("   deliveries / plain consumer: %.3f%n",
					(2 * this.subscribers / this.counted.deliveriesSeconds()) / (this.read / this.readSeconds));
			System.out.printf(
					"   live heap after GC: %,d MB before, %,d MB after (this JVM: reminder-api and the broker)%n",
					this.heapBefore >> 20, this.heapAfter >> 20);
			String pair = String.format("console projection, %,d events", this.published);
			Rounds.row(pair, "console projection", List.of(new Rounds.Measurement(this.published,
					(long) (this.projectionSeconds * 1e9), this.projectionUsed, null)));
			Rounds.row(pair, "plain consumer, same records",
					List.of(new Rounds.Measurement(this.read, (long) (this.readSeconds * 1e9), this.readUsed, null)));
			System.out.printf(Locale.ROOT,
					"§ratio | %s | console projection / plain consumer (one pass) | %.3f | | ≥ 0.3 |%n", pair,
					projectionPerPlain());
			Rounds.fact(
					"reminder-api JVM (with the broker) live heap after GC, before / after projecting "
							+ String.format("%,d events", this.published),
					String.format("%,d MB / %,d MB", this.heapBefore >> 20, this.heapAfter >> 20));
		}

		private double projectionPerPlain() {
			return (this.published / this.projectionSeconds) / (this.read / this.readSeconds);
		}

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
	record Counted(boolean all, double deliveriesSeconds) {
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

}

package nl.tijdig.notifier.recipient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import nl.tijdig.events.EventTopicsProperties;
import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.settings.LocalProfile;
import nl.tijdig.notifier.NotifierApplication;
import nl.tijdig.infrastructure.EmbeddedKafka;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.testinfra.TopicWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure for a notifier that was stopped while a subscriber was erased, on a real broker
 * whose log cleaner is made to run at once: after a short stop the notifier reads the
 * tombstone and nothing more; after a stop longer than half the tombstone retention, in
 * which compaction removed the tombstone (the test reads the topic to see that it is
 * gone), it re-reads the partition and forgets the address all the same, keeps a
 * subscriber who is still there, and is not misled by what a re-read that crashed left.
 * <p>
 * Each test has a broker and a database schema of its own: it changes the topic's
 * compaction settings, and the re-read deletes every row its log does not hold, which in
 * a shared schema would include other tests' rows.
 */
class ErasureAfterCompactionIntegrationTests {

	private static final int PARTITION = 0;

	private static final Duration TOMBSTONE_RETENTION = Duration.ofSeconds(10);

	private final String schema = "notifier_erasure_" + UUID.randomUUID().toString().replace("-", "");

	private final String group = "notifier-erasure-" + UUID.randomUUID();

	private final UUID campaignId = UUID.randomUUID();

	private EmbeddedKafka broker;

	private TopicWriter writer;

	private ConfigurableApplicationContext notifier;

	@BeforeEach
	void startBroker() {
		this.broker = EmbeddedKafka.start();
		this.writer = new TopicWriter(this.broker.bootstrapServers());
	}

	@AfterEach
	void stopAll() {
		stopNotifier();
		this.writer.close();
		this.broker.close();
	}

	@Test
	void aNotifierStoppedForLessThanTheRetentionReadsTheTombstoneAndReReadsNothing() {
		UUID stays = UUID.randomUUID();
		UUID erased = UUID.randomUUID();
		startNotifier();
		subscribe(stays);
		subscribe(erased);
		awaitKnown(stays, erased);
		awaitCaughtUpAfter(Instant.now());
		stopNotifier();

		this.writer.send(tombstone(erased));
		startNotifier();

		await().atMost(Duration.ofSeconds(60))
			.until(() -> recipients().find(erased) instanceof Recipients.Lookup.Erased);
		assertThat(recipients().find(stays)).isInstanceOf(Recipients.Lookup.Known.class);
		// Started in the listener's assignment, before the tombstone could be applied.
		assertThat(counter("tijdig.notifier.recipients.rereads")).isZero();
	}

	@Test
	void aNotifierStoppedWhileCompactionRemovedTheTombstoneForgetsTheAddressAndKeepsTheOthers() throws Exception {
		UUID stays = UUID.randomUUID();
		UUID erased = UUID.randomUUID();
		startNotifier();
		subscribe(stays);
		subscribe(erased);
		awaitKnown(stays, erased);
		awaitCaughtUpAfter(Instant.now());
		leaveACrashedReReadThatSaw(erased);
		stopNotifier();

		compactAtOnce();
		this.writer.send(tombstone(erased));
		awaitCompactedAway(erased, stays);
		startNotifier();

		await().atMost(Duration.ofSeconds(60))
			.until(() -> recipients().find(erased) instanceof Recipients.Lookup.Erased);
		assertThat(recipients().find(stays)).isInstanceOf(Recipients.Lookup.Known.class);
		assertThat(jdbc().sql("select count(*) from recipient where email like :address")
			.param("address", "%" + erased + "%")
			.query(Long.class)
			.single()).isZero();
		assertThat(counter("tijdig.notifier.recipients.rereads")).isPositive();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(counter("tijdig.notifier.recipients.forgotten")).isEqualTo(1));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					jdbc().sql("select count(*) from recipient_reread_seen").query(Long.class).single())
				.as("marks left by the crashed re-read and the finished ones")
				.isZero());
	}

	/**
	 * What a notifier that crashed in the middle of a re-read leaves behind: the re-read
	 * and its mark of a subscriber it found still there then. The next re-read must not
	 * take that mark for its own.
	 */
	private void leaveACrashedReReadThatSaw(UUID subscriberId) {
		UUID reReadId = UUID.randomUUID();
		jdbc().sql("""
				insert into recipient_reread (reread_id, kafka_partition, started_at, end_offset)
				values (:id, :partition, now() - interval '1 minute', 2)
				""").param("id", reReadId).param("partition", PARTITION).update();
		jdbc().sql("insert into recipient_reread_seen (reread_id, subscriber_id) values (:id, :subscriberId)")
			.param("id", reReadId)
			.param("subscriberId", subscriberId)
			.update();
	}

	/**
	 * Tiny segments that roll on the next record, a cleaner that looks every 100 ms, any
	 * dirty share worth cleaning, and tombstones kept ten seconds only.
	 */
	private void compactAtOnce() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers()))) {
			admin
				.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, ""),
						List.of(set("log.cleaner.backoff.ms", "100")),
						new ConfigResource(ConfigResource.Type.TOPIC, Topics.SUBSCRIBERS),
						List.of(set(TopicConfig.SEGMENT_MS_CONFIG, "100"),
								set(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01"),
								set(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, "100"),
								set(TopicConfig.DELETE_RETENTION_MS_CONFIG,
										String.valueOf(TOMBSTONE_RETENTION.toMillis())))))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
	}

	private static AlterConfigOp set(String name, String value) {
		return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
	}

	/**
	 * Writes a tombstone of a throwaway id every 200 ms, so that segments roll and the
	 * cleaner has something to do, until a reader from the start of the topic finds
	 * nothing under the erased id any more, but the one who stays.
	 */
	private void awaitCompactedAway(UUID erased, UUID stays) {
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
			this.writer.send(tombstone(UUID.randomUUID()));
			try (TopicReader<byte[]> reader = TopicReader.raw(Topics.SUBSCRIBERS, this.broker.bootstrapServers())) {
				List<String> keys = new ArrayList<>();
				for (int polls = 0; polls < 3; polls++) {
					reader.all().forEach((record) -> keys.add(record.key()));
				}
				assertThat(keys).as("the subscriber who stays is still in the log").contains(stays.toString());
				return !keys.contains(erased.toString());
			}
		});
	}

	private void startNotifier() {
		Map<String, Object> properties = new LinkedHashMap<>(Infrastructure.shared().springProperties());
		properties.put("spring.kafka.bootstrap-servers", this.broker.bootstrapServers());
		properties.put("spring.kafka.consumer.group-id", this.group);
		properties.put("spring.datasource.hikari.schema", this.schema);
		properties.put("spring.flyway.schemas", this.schema);
		properties.put("spring.flyway.default-schema", this.schema);
		properties.put("server.port", "0");
		properties.put("management.server.port", "");
		properties.put("tijdig.notifier.recipients.caught-up-every", "200ms");
		String[] args = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		this.notifier = NotifierApplication.builder().profiles(LocalProfile.NAME).run(args);
	}

	private void stopNotifier() {
		if (this.notifier != null) {
			this.notifier.close();
			this.notifier = null;
		}
	}

	private Recipients recipients() {
		return this.notifier.getBean(Recipients.class);
	}

	private JdbcClient jdbc() {
		return this.notifier.getBean(JdbcClient.class);
	}

	private double counter(String name) {
		return this.notifier.getBean(MeterRegistry.class).get(name).counter().count();
	}

	private void awaitKnown(UUID... subscriberIds) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> recipients().findAll(List.of(subscriberIds))
				.values()
				.stream()
				.allMatch(Recipients.Lookup.Known.class::isInstance));
	}

	/**
	 * Waits until the notifier noted every partition caught up after {@code time}: the
	 * first start re-reads them all, one after the other.
	 */
	private void awaitCaughtUpAfter(Instant time) {
		int partitions = this.notifier.getBean(EventTopicsProperties.class).partitions();
		await().atMost(Duration.ofSeconds(90))
			.until(() -> jdbc().sql("select count(*) from recipient_partition where erasures_applied > :time")
				.param("time", Timestamp.from(time))
				.query(Integer.class)
				.single() == partitions);
	}

	private void subscribe(UUID subscriberId) {
		this.writer.send(new ProducerRecord<>(Topics.SUBSCRIBERS, PARTITION, subscriberId.toString(),
				SubscriptionChanged.of(subscriberId, this.campaignId, "someone-" + subscriberId + "@example.test",
						Language.EN, SubscriptionStatus.CONFIRMED, SubscriptionChanged.Change.CONFIRMED, Instant.now(),
						Instant.now())));
	}

	private static ProducerRecord<String, Object> tombstone(UUID subscriberId) {
		return new ProducerRecord<>(Topics.SUBSCRIBERS, PARTITION, subscriberId.toString(), null);
	}

}

package nl.tijdig.api.subscription;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.events.Topics;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;
import nl.tijdig.testinfra.ConsoleClient;
import nl.tijdig.testinfra.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The erasure a set time after a campaign, on the real PostgreSQL and Kafka: every
 * subscriber of the campaign goes, each with one tombstone on the subscriber topic, in
 * batches and however many instances run it at once; other campaigns' subscribers stay,
 * and so do the console's counts. A batch here is three subscribers, and the job is
 * called directly rather than waited for.
 */
@ReminderApiIntegrationTest
class ErasureIntegrationTests {

	private static final int BATCH = 3;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LinkSigner links;

	@Autowired
	RetentionErasure erasure;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JsonMapper json;

	@Test
	void erasesEverySubscriberOfACampaignPastItsErasureTimeAndNobodyElse() throws Exception {
		String expired = campaign("expired");
		List<UUID> erased = subscribersInEveryState(expired);
		String running = campaign("running");
		List<UUID> kept = List.of(signUp(running, "kept"), signUp(running, "kept"));
		passErasureTime(expired);

		this.erasure.eraseExpired();

		assertThat(subscribersOf(expired)).isZero();
		assertThat(tombstones(erased)).as("one tombstone per subscriber").allSatisfy((id, count) -> {
			assertThat(count).isOne();
		});
		assertThat(this.jdbc.sql("""
				SELECT e.erased_because FROM erased_consent e JOIN campaign c ON c.id = e.campaign_id
				WHERE c.slug = ?
				""").param(expired).query(String.class).list()).as("a trace of each consent, which names nobody")
			.hasSize(erased.size())
			.containsOnly("RETENTION");
		assertThat(this.jdbc.sql("SELECT count(*) FROM subscriber WHERE id IN (:ids) AND status = 'PENDING'")
			.param("ids", kept)
			.query(Long.class)
			.single()).as("the other campaign's subscribers, untouched").isEqualTo(2);
		assertThat(this.jdbc.sql("SELECT content FROM campaign WHERE slug = ?")
			.param(expired)
			.query(String.class)
			.single()).as("the campaign and its content stay").contains("LinkedIn");
		assertThat(visitor().signUp(expired, "again-" + UUID.randomUUID() + "@example.org").statusCode())
			.as("a sign-up after the erasure is refused")
			.isEqualTo(409);
		assertThat(subscribersOf(expired)).isZero();
	}

	@Test
	void aSecondRunErasesAndPublishesNothingMore() throws Exception {
		String expired = campaign("twice");
		List<UUID> erased = List.of(signUp(expired, "twice"), signUp(expired, "twice"));
		passErasureTime(expired);
		this.erasure.eraseExpired();
		tombstones(erased);
		double before = erasures();

		int second = this.erasure.eraseExpired();

		assertThat(second).isZero();
		assertThat(erasures()).isEqualTo(before);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(inTheOutbox(erased)).isZero());
		assertThat(tombstones(erased)).allSatisfy((id, count) -> assertThat(count).isOne());
	}

	@Test
	void erasesMoreSubscribersThanOneBatchAndLogsTheCountWithoutAddresses() throws Exception {
		// Read from the logger itself: the build's console shows only warnings.
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		log.start();
		((Logger) LoggerFactory.getLogger(RetentionErasure.class)).addAppender(log);
		String expired = campaign("batches");
		List<UUID> erased = new ArrayList<>();
		for (int i = 0; i < 3 * BATCH + 1; i++) {
			erased.add(signUp(expired, "batch"));
		}
		passErasureTime(expired);
		double before = erasures();

		this.erasure.eraseExpired();

		assertThat(subscribersOf(expired)).isZero();
		assertThat(erasures() - before).isEqualTo(erased.size());
		assertThat(tombstones(erased)).allSatisfy((id, count) -> assertThat(count).isOne());
		((Logger) LoggerFactory.getLogger(RetentionErasure.class)).detachAppender(log);
		assertThat(log.list).filteredOn((event) -> event.getFormattedMessage().contains("campaign '" + expired + "'"))
			.singleElement()
			.satisfies((event) -> assertThat(event.getLevel()).hasToString("INFO"))
			.extracting(ILoggingEvent::getFormattedMessage)
			.asString()
			.contains("Erased " + erased.size() + " subscribers")
			.doesNotContain("@");
	}

	@Test
	void twoRunsAtOnceTombstoneEachSubscriberOnce() throws Exception {
		String expired = campaign("at-once");
		List<UUID> erased = new ArrayList<>();
		for (int i = 0; i < 4 * BATCH; i++) {
			erased.add(signUp(expired, "at-once"));
		}
		passErasureTime(expired);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService instances = Executors.newFixedThreadPool(2);
		try {
			Future<Integer> first = instances.submit(() -> runAfter(start));
			Future<Integer> second = instances.submit(() -> runAfter(start));
			start.countDown();

			assertThat(first.get() + second.get()).isEqualTo(erased.size());
		}
		finally {
			instances.shutdown();
		}
		assertThat(subscribersOf(expired)).isZero();
		assertThat(tombstones(erased)).allSatisfy((id, count) -> assertThat(count).isOne());
	}

	@Test
	void theConsoleKeepsItsCountsAndCountsTheErased() throws Exception {
		String expired = campaign("counts");
		UUID campaignId = this.jdbc.sql("SELECT id FROM campaign WHERE slug = ?")
			.param(expired)
			.query(UUID.class)
			.single();
		subscribersInEveryState(expired);
		ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(funnel(viewer, campaignId).get("unsubscribed").asLong()).isOne());
		passErasureTime(expired);

		this.erasure.eraseExpired();

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			JsonNode funnel = funnel(viewer, campaignId);
			assertThat(funnel.get("erased").asLong()).isEqualTo(4);
			assertThat(funnel.get("signedUp").asLong()).isEqualTo(4);
			assertThat(funnel.get("confirmed").asLong()).isEqualTo(3);
			assertThat(funnel.get("switchedOff").asLong()).isOne();
			assertThat(funnel.get("unsubscribed").asLong()).isOne();
		});
	}

	/** Pending, confirmed, done and unsubscribed, each reached through the API. */
	private List<UUID> subscribersInEveryState(String slug) throws Exception {
		UUID pending = signUp(slug, "pending");
		UUID confirmed = signUp(slug, "confirmed");
		UUID done = signUp(slug, "done");
		UUID unsubscribed = signUp(slug, "unsubscribed");
		for (UUID subscriber : List.of(confirmed, done, unsubscribed)) {
			assertThat(visitor().follow("/confirm", LinkPurpose.CONFIRM, subscriber).statusCode()).isEqualTo(200);
		}
		assertThat(visitor().follow("/done", LinkPurpose.DONE, done).statusCode()).isEqualTo(200);
		assertThat(visitor().follow("/unsubscribe", LinkPurpose.UNSUBSCRIBE, unsubscribed).statusCode()).isEqualTo(200);
		assertThat(this.jdbc.sql("SELECT status FROM subscriber WHERE id IN (:ids) ORDER BY status")
			.param("ids", List.of(pending, confirmed, done, unsubscribed))
			.query(String.class)
			.list()).containsExactly("CONFIRMED", "DONE", "PENDING", "UNSUBSCRIBED");
		return List.of(pending, confirmed, done, unsubscribed);
	}

	/**
	 * A published campaign with the seed campaign's content, its deadline ahead so people
	 * can sign up. Straight into the table: the console takes only deadlines ahead.
	 */
	private String campaign(String prefix) {
		String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		Instant deadline = Instant.now().plus(Duration.ofDays(20));
		this.jdbc.sql("""
				INSERT INTO campaign (id, slug, platform, status, deadline, time_zone, waves, content, data_erasure_at)
				SELECT ?, ?, platform, 'PUBLISHED', ?, time_zone, waves, content, ?
				FROM campaign WHERE slug = 'linkedin-ai-training'
				""")
			.params(UUID.randomUUID(), slug, Timestamp.from(deadline),
					Timestamp.from(deadline.plus(Duration.ofDays(30))))
			.update();
		return slug;
	}

	/** As if the deadline and the days to keep the data had gone by. */
	private void passErasureTime(String slug) {
		this.jdbc.sql("""
				UPDATE campaign SET status = 'CLOSED', deadline = now() - interval '2 days',
				  data_erasure_at = now() - interval '1 minute'
				WHERE slug = ?
				""").param(slug).update();
	}

	private UUID signUp(String slug, String prefix) throws Exception {
		String address = prefix + "-" + UUID.randomUUID() + "@example.org";
		assertThat(visitor().signUp(slug, address).statusCode()).isEqualTo(202);
		return this.jdbc.sql("SELECT id FROM subscriber WHERE email = ?").param(address).query(UUID.class).single();
	}

	private long subscribersOf(String slug) {
		return this.jdbc
			.sql("SELECT count(*) FROM subscriber s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?")
			.param(slug)
			.query(Long.class)
			.single();
	}

	private long inTheOutbox(Collection<UUID> subscribers) {
		return this.jdbc.sql("SELECT count(*) FROM outbox_event WHERE record_key IN (:keys)")
			.param("keys", subscribers.stream().map(UUID::toString).toList())
			.query(Long.class)
			.single();
	}

	private double erasures() {
		var counter = this.meters.find("tijdig.erasures").tag("reason", "retention").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private int runAfter(CountDownLatch start) throws InterruptedException {
		start.await();
		return this.erasure.eraseExpired();
	}

	/** Tombstones per subscriber on the topic, once every one of them has one. */
	private static Map<UUID, Long> tombstones(Collection<UUID> subscribers) {
		try (TopicReader<Object> reader = TopicReader.events(Topics.SUBSCRIBERS)) {
			return await().atMost(Duration.ofSeconds(60))
				.until(() -> count(reader.all(), subscribers),
						(counts) -> counts.values().stream().allMatch((count) -> count > 0));
		}
	}

	private static Map<UUID, Long> count(List<ConsumerRecord<String, Object>> records, Collection<UUID> subscribers) {
		Map<UUID, Long> counts = subscribers.stream().collect(Collectors.toMap(Function.identity(), (id) -> 0L));
		for (ConsumerRecord<String, Object> record : records) {
			if (record.value() == null) {
				counts.computeIfPresent(UUID.fromString(record.key()), (id, count) -> count + 1);
			}
		}
		return counts;
	}

	private JsonNode funnel(ConsoleClient viewer, UUID campaign) {
		HttpResponse<String> response = viewer.get("/admin/campaigns/" + campaign + "/numbers");
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body()).get("funnel");
	}

	private Visitor visitor() {
		return new Visitor(this.port, this.links);
	}

}

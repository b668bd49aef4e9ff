package nl.tijdig.api.subscription;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.Topics;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;
import nl.tijdig.testinfra.TopicReader;

import static nl.tijdig.api.ReminderApiIntegrationTest.DEMO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * One subscriber per mailbox: an address typed again in another case, through the JSON
 * API or the form, one after the other or at the same moment, is the subscription the
 * first sign-up made, and mail keeps going to the address as first typed.
 */
@ReminderApiIntegrationTest
class AddressCaseIntegrationTests {

	private static final String SLUG = DEMO;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LinkSigner links;

	/**
	 * Tried: Anna.…@Example.org, then anna.…@example.org and ANNA.…@EXAMPLE.ORG through
	 * the JSON API while the first is pending.
	 */
	@Test
	void signingUpAgainInAnotherCaseIsTheSameSignUp() throws Exception {
		String id = UUID.randomUUID().toString();
		HttpResponse<String> first = visitor().signUp(SLUG, "Anna." + id + "@Example.org");
		HttpResponse<String> lower = visitor().signUp(SLUG, "anna." + id + "@example.org");
		HttpResponse<String> upper = visitor().signUp(SLUG, "ANNA." + id.toUpperCase() + "@EXAMPLE.ORG");

		assertThat(List.of(first.statusCode(), lower.statusCode(), upper.statusCode())).containsOnly(202);
		assertThat(lower.body()).isEqualTo(first.body());
		assertThat(upper.body()).isEqualTo(first.body());
		assertThat(addresses(id)).containsExactly("Anna." + id + "@example.org");
		UUID subscriber = subscriberId(id);
		// The repeats ask for the confirmation again, for the address as first typed.
		List<ConsumerRecord<String, Object>> events = eventsOf(subscriber, 3);
		assertThat(events).extracting(ConsumerRecord::value)
			.map(SubscriptionChanged.class::cast)
			.extracting(SubscriptionChanged::change, SubscriptionChanged::email)
			.containsExactly(tuple(SubscriptionChanged.Change.SIGNED_UP, "Anna." + id + "@example.org"),
					tuple(SubscriptionChanged.Change.CONFIRMATION_REQUESTED, "Anna." + id + "@example.org"),
					tuple(SubscriptionChanged.Change.CONFIRMATION_REQUESTED, "Anna." + id + "@example.org"));
	}

	/**
	 * Tried: bram.… through the API, Bram.… through the form, confirmed, then BRAM.…
	 * through the form.
	 */
	@Test
	void theFormAndTheApiMeetOnOneSubscriber() throws Exception {
		String id = UUID.randomUUID().toString();
		assertThat(visitor().signUp(SLUG, "bram." + id + "@example.org").statusCode()).isEqualTo(202);
		assertThat(signUpByForm("Bram." + id + "@example.org").statusCode()).isEqualTo(200);
		UUID subscriber = subscriberId(id);
		assertThat(visitor().follow("/confirm", LinkPurpose.CONFIRM, subscriber).statusCode()).isEqualTo(200);

		HttpResponse<String> again = signUpByForm("BRAM." + id + "@example.org");

		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.body()).contains("Check your inbox");
		assertThat(addresses(id)).containsExactly("bram." + id + "@example.org");
		assertThat(status(subscriber)).isEqualTo("CONFIRMED");
	}

	/**
	 * Tried: Cleo.… confirmed; cleo.… signs up (nothing changes); the unsubscribe link;
	 * CLEO.… signs up again; the "delete my data" link.
	 */
	@Test
	void unsubscribeAndErasureActOnTheOneSubscriberWhateverCaseSignedUpLast() throws Exception {
		String id = UUID.randomUUID().toString();
		visitor().signUp(SLUG, "Cleo." + id + "@example.org");
		UUID subscriber = subscriberId(id);
		visitor().follow("/confirm", LinkPurpose.CONFIRM, subscriber);
		visitor().signUp(SLUG, "cleo." + id + "@example.org");

		assertThat(visitor().follow("/unsubscribe", LinkPurpose.UNSUBSCRIBE, subscriber).statusCode()).isEqualTo(200);
		assertThat(addresses(id)).hasSize(1);
		assertThat(status(subscriber)).isEqualTo("UNSUBSCRIBED");

		visitor().signUp(SLUG, "CLEO." + id + "@example.org");
		assertThat(subscriberId(id)).as("starts over as the same subscriber").isEqualTo(subscriber);
		assertThat(status(subscriber)).isEqualTo("PENDING");
		assertThat(addresses(id)).containsExactly("Cleo." + id + "@example.org");

		assertThat(visitor().follow("/forget", LinkPurpose.FORGET, subscriber).statusCode()).isEqualTo(200);
		assertThat(addresses(id)).isEmpty();
	}

	/**
	 * Tried: dana.… and DANA.… sent at the same moment through the JSON API, ten times,
	 * each time with a fresh address; and once through the API and the form at once.
	 */
	@Test
	void twoSignUpsAtOnceInDifferentCasesMakeOneSubscriber() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 10; round++) {
				String id = UUID.randomUUID().toString();
				boolean byForm = round % 2 == 1;
				CyclicBarrier start = new CyclicBarrier(2);
				Future<HttpResponse<String>> lower = threads.submit(() -> {
					start.await();
					return visitor().signUp(SLUG, "dana." + id + "@example.org");
				});
				Future<HttpResponse<String>> upper = threads.submit(() -> {
					start.await();
					return !byForm ? visitor().signUp(SLUG, "DANA." + id + "@example.org")
							: signUpByForm("DANA." + id + "@example.org");
				});

				assertThat(lower.get(30, TimeUnit.SECONDS).statusCode()).as("round %d", round).isEqualTo(202);
				assertThat(upper.get(30, TimeUnit.SECONDS).statusCode()).as("round %d", round).isIn(200, 202);
				assertThat(addresses(id)).as("round %d", round).hasSize(1);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private HttpResponse<String> signUpByForm(String address) throws Exception {
		return visitor().postForm(SLUG, "/c/" + SLUG + "?lang=en",
				"email=" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "&language=en&consent=true");
	}

	/** The stored addresses that differ from {@code …<id>@example.org} by case alone. */
	private List<String> addresses(String id) {
		return this.jdbc.sql("SELECT email FROM subscriber WHERE lower(email) LIKE ?")
			.param("%." + id + "@example.org")
			.query(String.class)
			.list();
	}

	private UUID subscriberId(String id) {
		return this.jdbc.sql("SELECT id FROM subscriber WHERE lower(email) LIKE ?")
			.param("%." + id + "@example.org")
			.query(UUID.class)
			.single();
	}

	private String status(UUID subscriber) {
		return this.jdbc.sql("SELECT status FROM subscriber WHERE id = ?")
			.param(subscriber)
			.query(String.class)
			.single();
	}

	private static List<ConsumerRecord<String, Object>> eventsOf(UUID subscriber, int count) {
		try (TopicReader<Object> reader = TopicReader.events(Topics.SUBSCRIBERS)) {
			return await().atMost(Duration.ofSeconds(30))
				.until(() -> reader.withKey(subscriber.toString()), (seen) -> seen.size() >= count);
		}
	}

	private Visitor visitor() {
		return new Visitor(this.port, this.links);
	}

}

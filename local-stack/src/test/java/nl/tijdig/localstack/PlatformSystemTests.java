package nl.tijdig.localstack;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.ConsoleClient;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.MailpitClient;
import nl.tijdig.testinfra.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three services on real Kafka, PostgreSQL and SMTP, each started as it is in
 * production (its own configuration, its own schema), talking only over Kafka.
 */
class PlatformSystemTests {

	private static final Pattern CONFIRM_LINK = Pattern
		.compile("https?://[^\\s\"<>]+/confirm\\?token=([A-Za-z0-9_.-]+)");

	private static Platform platform;

	private static String reminderApi;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final MailpitClient mail = Infrastructure.shared().mail();

	@BeforeAll
	static void startPlatform() {
		platform = Platform.start(Infrastructure.shared(), Platform.Ports.ANY, "--tijdig.demo.enabled=true",
				"--tijdig.demo.slug=system-test", "--tijdig.console.operators[0].username=operator",
				// bcrypt (cost 4) of "operator-secret"
				"--tijdig.console.operators[0].password-hash=$2a$04$WOyPx9WlMKZslxjlBk9nyupNkqDC6.2lIbS2XJNQuihIPHkMAb1AC",
				"--tijdig.console.operators[0].role=OPERATOR");
		reminderApi = "http://127.0.0.1:" + platform.ports().reminderApi();
	}

	@AfterAll
	static void stopPlatform() {
		platform.close();
	}

	@Test
	void aSignUpTravelsThroughKafkaToAConfirmationAndAWelcomeEmail() throws Exception {
		String address = "system-" + UUID.randomUUID() + "@example.org";

		HttpResponse<String> signUp = post("/api/v1/campaigns/system-test/subscriptions", "application/json",
				"{\"email\":\"" + address + "\",\"language\":\"en\",\"consent\":true}");
		assertThat(signUp.statusCode()).isEqualTo(202);

		MailpitClient.Message confirmation = awaitMessageTo(address, 1).get(0);
		assertThat(confirmation.to()).extracting(MailpitClient.Address::address).containsExactly(address);
		assertThat(confirmation.listUnsubscribe()).isNotEmpty();
		Matcher link = CONFIRM_LINK.matcher(confirmation.text());
		assertThat(link.find()).as("confirmation link in %s", confirmation.text()).isTrue();

		HttpResponse<String> confirm = post("/confirm", "application/x-www-form-urlencoded",
				"token=" + URLEncoder.encode(link.group(1), StandardCharsets.UTF_8));
		assertThat(confirm.statusCode()).isEqualTo(200);

		List<MailpitClient.Message> both = awaitMessageTo(address, 2);
		assertThat(both).extracting(MailpitClient.Message::subject).doesNotHaveDuplicates();

		TopicTrail trail = TopicTrail.of(address);
		assertThat(trail.statuses()).containsSubsequence(SubscriptionStatus.PENDING, SubscriptionStatus.CONFIRMED);
		assertThat(trail.reminders()).containsExactlyInAnyOrder(MessageKind.CONFIRMATION, MessageKind.WELCOME);
		assertThat(trail.sent()).containsExactlyInAnyOrder(MessageKind.CONFIRMATION, MessageKind.WELCOME);
	}

	@Test
	void signingUpTwiceWhilePendingResendsTheConfirmationAndRevealsNothing() throws Exception {
		String address = "twice-" + UUID.randomUUID() + "@example.org";
		String body = "{\"email\":\"" + address + "\",\"language\":\"nl\",\"consent\":true}";

		HttpResponse<String> first = post("/api/v1/campaigns/system-test/subscriptions", "application/json", body);
		HttpResponse<String> second = post("/api/v1/campaigns/system-test/subscriptions", "application/json", body);

		assertThat(second.statusCode()).isEqualTo(first.statusCode()).isEqualTo(202);
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(awaitMessageTo(address, 2)).hasSize(2);
	}

	@Test
	void anOperatorPreviewsAMessageAsTheNotifierWritesItAndSendsATestOfIt() {
		ConsoleClient operator = new ConsoleClient(platform.ports().reminderApi()).loggedIn("operator",
				"operator-secret");
		Matcher demo = Pattern.compile("href=\"/admin/campaigns/([0-9a-f-]{36})\">system-test<")
			.matcher(operator.get("/admin/campaigns").body());
		assertThat(demo.find()).as("the demo campaign in the console's list").isTrue();
		String preview = "/admin/campaigns/" + demo.group(1) + "/preview";

		HttpResponse<String> page = operator.get(preview + "?kind=WELCOME&language=NL");

		assertThat(page.statusCode()).isEqualTo(200);
		String subject = field(page.body(), "dd", "subject");
		assertThat(subject).isNotBlank();
		assertThat(field(page.body(), "pre", "text")).contains("LinkedIn");
		HttpResponse<String> html = operator.get(preview + "/html?kind=WELCOME&language=NL");
		assertThat(html.statusCode()).isEqualTo(200);
		assertThat(html.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(policy) -> assertThat(policy).startsWith("default-src 'none'").doesNotContain("script-src"));
		assertThat(html.body()).contains("<html").contains("LinkedIn");

		String address = "operator-" + UUID.randomUUID() + "@example.org";
		HttpResponse<String> sent = operator.post("/admin/campaigns/" + demo.group(1) + "/test-send",
				Map.of("kind", "WELCOME", "wave", "", "language", "NL", "address", address));

		assertThat(sent.statusCode()).isEqualTo(200);
		assertThat(sent.body()).contains("id=\"test-sent\"");
		MailpitClient.Message test = awaitMessageTo(address, 1).get(0);
		assertThat(test.subject()).isEqualTo(unescape(subject));
		assertThat(test.listUnsubscribe()).isNotEmpty();
	}

	@Test
	void everyServiceShowsItsDomainMetricsToPrometheusWithoutALogin() throws Exception {
		Map<String, Integer> services = Map.of("tijdig_confirmations_total", platform.ports().reminderApi(),
				"tijdig_scheduler_waves_in_progress", platform.ports().scheduler(), "tijdig_notifier_waiting",
				platform.ports().notifier());
		for (Map.Entry<String, Integer> service : services.entrySet()) {
			HttpResponse<String> scrape = this.http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + service.getValue() + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(scrape.statusCode()).as("scrape of :%d", service.getValue()).isEqualTo(200);
			assertThat(scrape.body()).as("scrape of :%d", service.getValue()).contains(service.getKey());
		}
	}

	/** The text of the element with this id, as the page has it (HTML-escaped). */
	private static String field(String page, String element, String id) {
		Matcher matcher = Pattern.compile("<" + element + " id=\"" + id + "\"[^>]*>([^<]*)</" + element + ">")
			.matcher(page);
		assertThat(matcher.find()).as("<%s id=%s> on the page", element, id).isTrue();
		return matcher.group(1);
	}

	private static String unescape(String html) {
		return html.replace("&#39;", "'")
			.replace("&quot;", "\"")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&amp;", "&");
	}

	private List<MailpitClient.Message> awaitMessageTo(String address, int count) {
		return await().atMost(Duration.ofSeconds(60))
			.until(() -> this.mail.messagesTo(address)
				.stream()
				.map((summary) -> this.mail.message(summary.id()))
				.toList(), (messages) -> messages.size() >= count);
	}

	private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(reminderApi + path))
			.header("Content-Type", contentType)
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * What the topics carried for one address: the proof that the services talked over
	 * Kafka.
	 */
	record TopicTrail(List<SubscriptionStatus> statuses, List<MessageKind> reminders, List<MessageKind> sent) {

		static TopicTrail of(String address) {
			try (TopicReader<Object> subscribers = TopicReader.events(Topics.SUBSCRIBERS);
					TopicReader<Object> reminders = TopicReader.events(Topics.REMINDERS);
					TopicReader<Object> deliveries = TopicReader.events(Topics.DELIVERIES)) {
				return await().atMost(Duration.ofSeconds(30))
					.until(() -> from(values(subscribers, reminders, deliveries), address),
							(trail) -> trail.reminders().size() >= 2 && trail.sent().size() >= 2);
			}
		}

		@SafeVarargs
		private static List<Object> values(TopicReader<Object>... readers) {
			return Stream.of(readers).flatMap((reader) -> reader.all().stream()).map((r) -> r.value()).toList();
		}

		private static TopicTrail from(List<Object> events, String address) {
			List<UUID> subscribers = events.stream()
				.filter(SubscriptionChanged.class::isInstance)
				.map(SubscriptionChanged.class::cast)
				.filter((changed) -> address.equals(changed.email()))
				.map(SubscriptionChanged::subscriberId)
				.toList();
			List<SubscriptionStatus> statuses = events.stream()
				.filter(SubscriptionChanged.class::isInstance)
				.map(SubscriptionChanged.class::cast)
				.filter((changed) -> address.equals(changed.email()))
				.map(SubscriptionChanged::status)
				.toList();
			List<MessageKind> reminders = events.stream()
				.filter(ReminderRequested.class::isInstance)
				.map(ReminderRequested.class::cast)
				.filter((reminder) -> subscribers.contains(reminder.subscriberId()))
				.map(ReminderRequested::kind)
				.toList();
			List<MessageKind> sent = events.stream()
				.filter(DeliveryRecorded.class::isInstance)
				.map(DeliveryRecorded.class::cast)
				.filter((delivery) -> subscribers.contains(delivery.subscriberId())
						&& delivery.outcome() == DeliveryOutcome.SENT)
				.map(DeliveryRecorded::kind)
				.toList();
			return new TopicTrail(statuses, reminders, sent);
		}

	}

}

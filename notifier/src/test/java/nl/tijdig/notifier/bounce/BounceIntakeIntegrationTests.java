package nl.tijdig.notifier.bounce;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.TestnetCampaign;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.notifier.suppression.SuppressedAddresses;
import nl.tijdig.infrastructure.EmbeddedImapMailbox;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.MailpitClient;
import nl.tijdig.testinfra.WithInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounces as relays report them, {@code POST /bounces} on the running server and reports
 * mailed to the bounce mailbox (IMAP), with real Kafka, PostgreSQL and SMTP behind them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=notifier", "tijdig.notifier.mail.return-path=bounces@tijdig.test",
				"tijdig.notifier.mail.verp=true" })
@WithInfrastructure
class BounceIntakeIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	@Autowired
	private SuppressedAddresses addresses;

	@Autowired
	private MeterRegistry meters;

	private final HttpClient http = HttpClient.newHttpClient();

	private final MailpitClient mail = Infrastructure.shared().mail();

	private final TopicReader<Object> deliveries = TopicReader.events(Topics.DELIVERIES);

	private final UUID campaignId = UUID.randomUUID();

	private final UUID subscriberId = UUID.randomUUID();

	private final String email = "bounce-" + this.subscriberId + "@example.test";

	private static final EmbeddedImapMailbox MAILBOX = EmbeddedImapMailbox.start("bounces@tijdig.test", "bounces");

	@DynamicPropertySource
	static void bounceMailbox(DynamicPropertyRegistry registry) {
		MailboxSettings.register(registry, MAILBOX);
	}

	@AfterEach
	void close() {
		this.deliveries.close();
	}

	@Test
	void aHardBounceSuppressesTheAddressAndMarksTheMessageBounced() throws Exception {
		publishCampaign();
		publishSubscriber();
		publish("wave:14d");
		await().atMost(Duration.ofSeconds(60)).until(() -> this.mail.messagesTo(this.email).size() == 1);
		String messageId = this.mail.messagesTo(this.email).get(0).messageId();

		HttpResponse<String> response = post("""
				{"recipient": "%s", "messageId": "<%s>", "type": "hard", "status": "5.1.1"}
				""".formatted(this.email, messageId));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(this.addresses.contains(this.email)).isTrue();
		// Tried: the same report for an address and a message never mailed from here. The
		// answer must not tell the two apart, or the intake would say who gets our mail.
		HttpResponse<String> unknown = post(
				"""
						{"recipient": "never-%s@example.test", "messageId": "<never-%s@tijdig>", "type": "hard", "status": "5.1.1"}
						"""
					.formatted(UUID.randomUUID(), UUID.randomUUID()));
		assertThat(unknown.statusCode()).isEqualTo(response.statusCode());
		assertThat(unknown.body()).isEqualTo(response.body()).doesNotContain(this.email);
		DeliveryRecorded bounced = awaitOutcome("wave:14d", DeliveryOutcome.BOUNCED);
		assertThat(bounced.detail()).isEqualTo("hard bounce (5.1.1)");
		assertThat(bounced.kind()).isEqualTo(MessageKind.WAVE_REMINDER);

		publish("wave:7d");
		assertThat(awaitOutcome("wave:7d", DeliveryOutcome.SUPPRESSED).detail()).isEqualTo("address suppressed");
		assertThat(this.mail.messagesTo(this.email)).hasSize(1);
	}

	@Test
	void aReportMailedBackIsReadFromTheMailboxAndOnlyTheReportIsTakenOut() throws Exception {
		publishCampaign();
		publishSubscriber();
		publish("wave:14d");
		awaitOutcome("wave:14d", DeliveryOutcome.SENT);
		String messageId = this.mail.messagesTo(this.email).get(0).messageId();
		int before = MAILBOX.messageCount();
		MAILBOX.deliver(DeliveryReportsTests.crlf("""
				From: someone@example.org
				To: bounces@tijdig.test
				Subject: Re: 14 days left
				Content-Type: text/plain

				Thanks, done already!
				"""));
		MAILBOX
			.deliver(DeliveryReportsTests.crlf(DeliveryReportsTests.POSTFIX_DSN.replace("gone@example.org", this.email)
				.replace("<3f1c2a9e@tijdig.example>", "<" + messageId + ">")));

		DeliveryRecorded bounced = awaitOutcome("wave:14d", DeliveryOutcome.BOUNCED);

		assertThat(bounced.detail()).isEqualTo("hard bounce (5.1.1) by mail");
		assertThat(this.addresses.contains(this.email)).isTrue();
		// The delayed recipient of the same report is only waited for.
		assertThat(this.addresses.contains("full@example.net")).isFalse();
		await().atMost(Duration.ofSeconds(30)).until(() -> MAILBOX.messageCount() == before + 1);
	}

	@Test
	void aReportThatReturnsNoHeadersIsMatchedByTheMessagesOwnReturnPath() throws Exception {
		publishCampaign();
		publishSubscriber();
		publish("wave:14d");
		awaitOutcome("wave:14d", DeliveryOutcome.SENT);
		String messageId = this.mail.messagesTo(this.email).get(0).messageId();
		// Sent last: what a match by the address alone would take.
		publish("wave:7d");
		awaitOutcome("wave:7d", DeliveryOutcome.SENT);
		String returnPath = "bounces+" + messageId.substring(0, messageId.indexOf('@')) + "@tijdig.test";
		String report = DeliveryReportsTests.POSTFIX_DSN.replace("gone@example.org", this.email)
			.replace("To: bounces@tijdig.example", "To: " + returnPath);
		// The relay returned none of the message's headers: only the return path names
		// it.
		report = report.substring(0, report.indexOf("--B0UND\nContent-Description: Undelivered Message Headers"))
				+ "--B0UND--\n";

		MAILBOX.deliver(DeliveryReportsTests.crlf(report));

		awaitOutcome("wave:14d", DeliveryOutcome.BOUNCED);
		assertThat(this.addresses.contains(this.email)).isTrue();
	}

	@Test
	void aComplaintMailedByAFeedbackLoopSuppressesTheComplainantFoundByTheMessage() throws Exception {
		publishCampaign();
		publishSubscriber();
		publish("wave:14d");
		awaitOutcome("wave:14d", DeliveryOutcome.SENT);
		String messageId = this.mail.messagesTo(this.email).get(0).messageId();
		double complaints = complaints();

		// The provider left the complainant's address out: only the Message-ID names
		// them.
		MAILBOX.deliver(
				DeliveryReportsTests.crlf(DeliveryReportsTests.ABUSE_REPORT.replace("To: Anna <anna@example.org>\n", "")
					.replace("<77aa@tijdig.example>", "<" + messageId + ">")));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.addresses.contains(this.email));
		assertThat(complaints()).isEqualTo(complaints + 1);
		publish("wave:7d");
		assertThat(awaitOutcome("wave:7d", DeliveryOutcome.SUPPRESSED).detail()).isEqualTo("address suppressed");
	}

	private double complaints() {
		return this.meters.find("tijdig.notifier.complaints").counters().stream().mapToDouble(Counter::count).sum();
	}

	@Test
	void aSoftBounceSuppressesNothing() throws Exception {
		HttpResponse<String> response = post("""
				{"recipient": "%s", "type": "soft", "status": "4.2.2"}
				""".formatted(this.email));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(this.addresses.contains(this.email)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"recipient\": \"not an address\", \"type\": \"hard\"}",
			"{\"recipient\": \"someone@example.test\"}", "{\"type\": \"hard\"}",
			"{\"recipient\": \"someone@example.test\", \"type\": \"permanent\"}",
			"{\"messageId\": \"no brackets\", \"type\": \"hard\"}", "{\"recipient\": ", "[]", "" })
	void aReportThatIsNotOneIsRefusedWith400AndChangesNothing(String body) throws Exception {
		HttpResponse<String> response = post(body);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.addresses.contains("someone@example.test")).isFalse();
	}

	@Test
	void aReportInAnotherFormatIsRefusedWith415() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri())
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("hard bounce"))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(415);
	}

	private HttpResponse<String> post(String json) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri() {
		return URI.create("http://127.0.0.1:" + this.port + "/bounces");
	}

	private DeliveryRecorded awaitOutcome(String messageKey, DeliveryOutcome outcome) {
		return (DeliveryRecorded) this.deliveries
			.await((record) -> record.value() instanceof DeliveryRecorded delivery
					&& delivery.subscriberId().equals(this.subscriberId) && delivery.messageKey().equals(messageKey)
					&& delivery.outcome() == outcome)
			.value();
	}

	private void publish(String messageKey) {
		this.kafka
			.send(Topics.REMINDERS, this.subscriberId.toString(), ReminderRequested.of(this.subscriberId,
					this.campaignId, MessageKind.WAVE_REMINDER, messageKey, messageKey.substring(5), Instant.now()))
			.join();
	}

	private void publishSubscriber() {
		this.kafka
			.send(Topics.SUBSCRIBERS, this.subscriberId.toString(),
					SubscriptionChanged.of(this.subscriberId, this.campaignId, this.email, Language.EN,
							SubscriptionStatus.CONFIRMED, SubscriptionChanged.Change.SIGNED_UP, null,
							Instant.now().minusSeconds(60)))
			.join();
	}

	private void publishCampaign() {
		this.kafka
			.send(Topics.CAMPAIGNS, this.campaignId.toString(),
					TestnetCampaign.published(this.campaignId, Instant.now().minusSeconds(120)))
			.join();
	}

}

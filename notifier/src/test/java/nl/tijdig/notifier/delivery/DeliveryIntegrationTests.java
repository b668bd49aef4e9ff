package nl.tijdig.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.TestnetCampaign;
import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.notifier.smtp.SmtpFixtures;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.MailpitClient;
import nl.tijdig.testinfra.PrometheusScrape;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.testinfra.WithInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole send path on real Kafka, PostgreSQL and SMTP. Every test uses its own
 * campaign, subscriber and address: the servers are shared by all tests in the JVM.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notifier")
@WithInfrastructure
class DeliveryIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	private TestReader reader;

	@Autowired
	private Recipients recipients;

	@LocalServerPort
	private int port;

	private final MailpitClient mail = Infrastructure.shared().mail();

	@BeforeEach
	void newReader() {
		this.reader = new TestReader(this.kafka, "reader");
	}

	@AfterEach
	void closeReader() {
		this.reader.close();
	}

	@Test
	void aConfirmationIsSentOnceAsTextAndHtmlInTheReadersLanguageWithTheListHeaders() throws Exception {
		this.reader.publishCampaign();
		this.reader.publishSubscriber(SubscriptionStatus.PENDING, Language.NL, this.reader.signedUp);
		ReminderRequested confirmation = this.reader.reminder(MessageKind.CONFIRMATION, "confirmation:1");
		this.reader.publish(confirmation);

		MailpitClient.MessageSummary received = awaitMessages(1).get(0);
		MimeMessage mime = this.mail.mimeMessage(received.id());
		assertThat(mime.getContentType()).startsWith("multipart/alternative");
		Multipart parts = (Multipart) mime.getContent();
		assertThat(parts.getCount()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
		assertThat((String) parts.getBodyPart(0).getContent()).contains("Bevestig", "/confirm?token=",
				"/unsubscribe?token=", "/forget?token=");
		assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
		assertThat((String) parts.getBodyPart(1).getContent()).contains("<html lang=\"nl\"", "/confirm?token=");
		assertThat(mime.getSubject()).isEqualTo("Bevestig je aanmelding: Testnet en jouw gegevens");
		assertThat(mime.getHeader("Content-Language", null)).isEqualTo("nl");
		assertThat(mime.getHeader("List-Unsubscribe", null)).startsWith("<http://localhost:8080/unsubscribe?token=")
			.endsWith(">");
		assertThat(mime.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
		assertThat(mime.getHeader("List-Id", null)).isEqualTo("<" + slug() + ".lists.tijdig.example>");
		assertThat(mime.getMessageID())
			.isEqualTo(SmtpFixtures.messageId(this.reader.subscriberId, "confirmation:1", "tijdig.example"));

		DeliveryRecorded sent = this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("confirmation:1")
				&& delivery.outcome() == DeliveryOutcome.SENT);
		assertThat(sent.kind()).isEqualTo(MessageKind.CONFIRMATION);
		assertThat(sent.campaignId()).isEqualTo(this.reader.campaignId);

		// The same request again, then another message behind it on the same partition:
		// once that one has arrived, the redelivery has been handled too.
		this.reader.publish(confirmation);
		this.reader.publish(this.reader.reminder(MessageKind.CONFIRMATION, "confirmation:2"));
		List<MailpitClient.MessageSummary> both = awaitMessages(2);
		assertThat(both).extracting(MailpitClient.MessageSummary::messageId).doesNotHaveDuplicates();
		this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("confirmation:2"));
		assertThat(this.mail.messagesTo(this.reader.email)).hasSize(2);
		assertThat(this.reader.deliveriesOf("confirmation:1")).hasSize(1);
	}

	@Test
	void anUnsubscribedReaderGetsNothingAndTheSuppressionIsRecorded() {
		this.reader.publishCampaign();
		this.reader.publishSubscriber(SubscriptionStatus.UNSUBSCRIBED, Language.EN, this.reader.signedUp);
		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:14d"));

		DeliveryRecorded suppressed = this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		assertThat(suppressed.outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
		assertThat(suppressed.detail()).isEqualTo("unsubscribed");
		assertThat(this.mail.messagesTo(this.reader.email)).isEmpty();
	}

	@Test
	void aMalformedReminderGoesToTheDeadLetterTopicAndTheNextOneIsStillSent() {
		this.reader.publishCampaign();
		this.reader.publishSubscriber(SubscriptionStatus.PENDING, Language.EN, this.reader.signedUp);
		try (TopicReader<byte[]> deadLetters = TopicReader.raw(Topics.deadLetterOf(Topics.REMINDERS))) {
			ProducerRecord<Object, Object> malformed = new ProducerRecord<>(Topics.REMINDERS, null,
					this.reader.subscriberId.toString(),
					"{\"subscriberId\": not json".getBytes(StandardCharsets.UTF_8));
			malformed.headers()
				.add(new RecordHeader("__TypeId__", "nl.tijdig.reminder.requested".getBytes(StandardCharsets.UTF_8)));
			this.kafka.send(malformed).join();
			this.reader.publish(this.reader.reminder(MessageKind.CONFIRMATION, "confirmation:1"));

			assertThat(awaitMessages(1).get(0).subject()).startsWith("Please confirm your sign-up");
			ConsumerRecord<String, byte[]> dead = deadLetters
				.await((record) -> this.reader.subscriberId.toString().equals(record.key()));
			assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{\"subscriberId\": not json");
			assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_FQCN)).isNotNull();
		}
	}

	@Test
	void aBatchWithAnUnreadableAndAnOvertakingReminderSettlesEveryOtherReminderOnce() {
		this.reader.publishCampaign();
		this.reader.publishSubscriber(SubscriptionStatus.PENDING, Language.EN, this.reader.signedUp);
		await().atMost(PATIENCE)
			.until(() -> this.recipients.find(this.reader.subscriberId) instanceof Recipients.Lookup.Known);
		UUID lateId = UUID.randomUUID();
		String lateEmail = "late-" + lateId + "@example.test";
		try (TopicReader<byte[]> deadLetters = TopicReader.raw(Topics.deadLetterOf(Topics.REMINDERS))) {
			// One partition, sent back to back: the listener takes them as one batch (or
			// a few), with an unreadable record and one whose subscriber is not known yet
			// in the middle.
			ProducerRecord<Object, Object> malformed = new ProducerRecord<>(Topics.REMINDERS, 0,
					this.reader.subscriberId.toString(),
					"{\"subscriberId\": not json".getBytes(StandardCharsets.UTF_8));
			malformed.headers()
				.add(new RecordHeader("__TypeId__", "nl.tijdig.reminder.requested".getBytes(StandardCharsets.UTF_8)));
			ReminderRequested first = this.reader.reminder(MessageKind.CONFIRMATION, "confirmation:1");
			ReminderRequested late = ReminderRequested.of(lateId, this.reader.campaignId, MessageKind.CONFIRMATION,
					"confirmation:1", null, Instant.now());
			List.of(new ProducerRecord<Object, Object>(Topics.REMINDERS, 0, this.reader.subscriberId.toString(), first),
					malformed, new ProducerRecord<Object, Object>(Topics.REMINDERS, 0, lateId.toString(), late),
					new ProducerRecord<Object, Object>(Topics.REMINDERS, 0, this.reader.subscriberId.toString(),
							this.reader.reminder(MessageKind.CONFIRMATION, "confirmation:2")),
					new ProducerRecord<Object, Object>(Topics.REMINDERS, 0, this.reader.subscriberId.toString(), first))
				.forEach(this.kafka::send);
			this.kafka.flush();
			this.kafka
				.send(Topics.SUBSCRIBERS, lateId.toString(),
						SubscriptionChanged.of(lateId, this.reader.campaignId, lateEmail, Language.EN,
								SubscriptionStatus.PENDING, SubscriptionChanged.Change.SIGNED_UP, null,
								this.reader.signedUp))
				.join();

			deadLetters.await((record) -> this.reader.subscriberId.toString().equals(record.key()));
			await().atMost(PATIENCE).until(() -> this.mail.messagesTo(lateEmail), (messages) -> messages.size() == 1);
			awaitMessages(2);
			this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("confirmation:2"));
			assertThat(this.mail.messagesTo(this.reader.email)).extracting(MailpitClient.MessageSummary::messageId)
				.map((id) -> "<" + id + ">")
				.containsExactlyInAnyOrder(
						SmtpFixtures.messageId(this.reader.subscriberId, "confirmation:1", "tijdig.example"),
						SmtpFixtures.messageId(this.reader.subscriberId, "confirmation:2", "tijdig.example"));
			assertThat(this.reader.deliveriesOf("confirmation:1")).hasSize(1);
		}
	}

	@Test
	void aReminderThatNamesNoMessageGoesToTheDeadLetterTopicWithTheReason() {
		try (TopicReader<byte[]> deadLetters = TopicReader.raw(Topics.deadLetterOf(Topics.REMINDERS))) {
			this.reader
				.publish(new ReminderRequested(UUID.randomUUID(), Instant.now(), ReminderRequested.SCHEMA_VERSION,
						this.reader.subscriberId, this.reader.campaignId, MessageKind.WAVE_REMINDER, null, "14d"));

			ConsumerRecord<String, byte[]> dead = deadLetters
				.await((record) -> this.reader.subscriberId.toString().equals(record.key()));
			assertThat(new String(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN).value(),
					StandardCharsets.UTF_8))
				.isEqualTo(InvalidEventException.class.getName());
		}
	}

	@Test
	void aReminderThatOvertakesItsSubscriberIsSentOnceTheSubscriberArrives() {
		this.reader.publishCampaign();
		this.reader.publish(this.reader.reminder(MessageKind.CONFIRMATION, "confirmation:1"));
		this.reader.publishSubscriber(SubscriptionStatus.PENDING, Language.EN, this.reader.signedUp);

		awaitMessages(1);
		assertThat(this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("confirmation:1")).outcome())
			.isEqualTo(DeliveryOutcome.SENT);
	}

	@Test
	void aReminderForAnErasedSubscriberIsSuppressed() {
		this.reader.publishCampaign();
		this.reader.publishSubscriber(SubscriptionStatus.CONFIRMED, Language.EN, this.reader.signedUp);
		this.kafka.send(Topics.SUBSCRIBERS, this.reader.subscriberId.toString(), null).join();
		// Topics are read independently: only once the erasure is in, the reminder
		// races nothing.
		await().atMost(PATIENCE)
			.until(() -> this.recipients.find(this.reader.subscriberId) instanceof Recipients.Lookup.Erased);
		this.reader.publish(this.reader.reminder(MessageKind.WAVE_REMINDER, "wave:7d"));

		DeliveryRecorded suppressed = this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:7d"));
		assertThat(suppressed.outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
		assertThat(suppressed.detail()).isEqualTo("erased");
		assertThat(this.mail.messagesTo(this.reader.email)).isEmpty();
	}

	@Test
	void sendingIsTimedAndTheWaitSinceTheRequestIsMeasuredForPrometheus() {
		Map<String, String> sentReminders = Map.of("kind", "WAVE_REMINDER", "outcome", "SENT");
		Map<String, String> reminders = Map.of("kind", "WAVE_REMINDER");
		PrometheusScrape before = PrometheusScrape.of(this.port);
		this.reader.publishCampaign();
		this.reader.publishSubscriber(SubscriptionStatus.CONFIRMED, Language.EN, this.reader.signedUp);
		// Requested five minutes ago (a wave whose reminders queued that long): the wait
		// counts from the request, not from when the notifier took it on.
		Instant requested = Instant.now().minus(Duration.ofMinutes(5));
		this.reader.publish(ReminderRequested.of(this.reader.subscriberId, this.reader.campaignId,
				MessageKind.WAVE_REMINDER, "wave:14d", "14d", requested));
		this.reader.publish(ReminderRequested.of(this.reader.subscriberId, this.reader.campaignId,
				MessageKind.WAVE_REMINDER, "wave:7d", "7d", requested));

		this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:14d"));
		this.reader.awaitDelivery((delivery) -> delivery.messageKey().equals("wave:7d"));
		assertThat(this.mail.messagesTo(this.reader.email)).hasSize(2);
		PrometheusScrape after = PrometheusScrape.of(this.port);

		assertThat(moved(before, after, "tijdig_notifier_deliveries_total", sentReminders)).isEqualTo(2);
		assertThat(moved(before, after, "tijdig_notifier_send_seconds_count", sentReminders)).isEqualTo(2);
		assertThat(moved(before, after, "tijdig_notifier_send_delay_seconds_count", reminders)).isEqualTo(2);
		assertThat(moved(before, after, "tijdig_notifier_send_delay_seconds_sum", reminders))
			.isGreaterThanOrEqualTo(2 * Duration.ofMinutes(5).toSeconds());
		// Buckets, so that Prometheus can compute percentiles: every message lands in
		// +Inf, and there are buckets below it.
		assertThat(moved(before, after, "tijdig_notifier_send_seconds_bucket",
				Map.of("kind", "WAVE_REMINDER", "outcome", "SENT", "le", "+Inf")))
			.isEqualTo(2);
		assertThat(after.labelValues("tijdig_notifier_send_seconds_bucket", sentReminders, "le"))
			.hasSizeGreaterThan(10);
		assertThat(moved(before, after, "tijdig_notifier_send_delay_seconds_bucket",
				Map.of("kind", "WAVE_REMINDER", "le", "+Inf")))
			.isEqualTo(2);
		assertThat(after.labelValues("tijdig_notifier_send_delay_seconds_bucket", reminders, "le"))
			.hasSizeGreaterThan(10);
		// Read from the delivery log: there, and a number, not NaN (a failed query).
		assertThat(after.has("tijdig_notifier_waiting", Map.of("state", "CLAIMED"))).isTrue();
		assertThat(after.has("tijdig_notifier_waiting", Map.of("state", "RETRYING"))).isTrue();
		assertThat(after.value("tijdig_notifier_waiting", Map.of("state", "CLAIMED"))).isGreaterThanOrEqualTo(0);
		assertThat(after.value("tijdig_notifier_waiting", Map.of("state", "RETRYING"))).isGreaterThanOrEqualTo(0);
	}

	private static double moved(PrometheusScrape before, PrometheusScrape after, String series,
			Map<String, String> labels) {
		return after.value(series, labels) - before.value(series, labels);
	}

	private List<MailpitClient.MessageSummary> awaitMessages(int count) {
		return await().atMost(PATIENCE)
			.until(() -> this.mail.messagesTo(this.reader.email), (messages) -> messages.size() >= count);
	}

	private String slug() {
		return TestnetCampaign.slug(this.reader.campaignId);
	}

}

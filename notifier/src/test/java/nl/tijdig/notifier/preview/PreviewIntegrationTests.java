package nl.tijdig.notifier.preview;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.PreviewRendered;
import nl.tijdig.events.PreviewRendered.TestSend;
import nl.tijdig.events.PreviewRequested;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.TestnetCampaign;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.message.Messages;
import nl.tijdig.notifier.message.RenderedMessage;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.notifier.suppression.SuppressedAddresses;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.MailpitClient;
import nl.tijdig.infrastructure.MailpitClient.Chaos;
import nl.tijdig.infrastructure.MailpitClient.Trigger;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.testinfra.WithInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators' previews and test sends through {@code tijdig.previews} on real Kafka,
 * PostgreSQL and SMTP: a request sent as reminder-api sends it, with Spring Kafka's
 * request and reply, gets its answer; the answer is what a subscriber would get, a test
 * email arrives like a real one but counts nowhere, an expired request is dropped, and
 * bad input is answered with the reason and sends nothing. The SMTP server's chaos
 * triggers are global: a test that sets them resets them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notifier")
@WithInfrastructure
class PreviewIntegrationTests {

	private static final ZoneId TIME_ZONE = ZoneId.of("Europe/Amsterdam");

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	@Autowired
	private Messages messages;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private SuppressedAddresses suppressed;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private ProducerFactory<Object, Object> producers;

	@Autowired
	private ConsumerFactory<Object, Object> consumers;

	private final MailpitClient mail = Infrastructure.shared().mail();

	private TopicReader<Object> answers;

	private final UUID campaignId = UUID.randomUUID();

	@BeforeEach
	void readAnswers() {
		// Once the context is up: before that the topic may not exist yet.
		this.answers = TopicReader.events(Topics.PREVIEWS_RENDERED);
	}

	@AfterEach
	void reset() {
		this.mail.chaos(Chaos.none());
		this.answers.close();
	}

	@Test
	void aWaveReminderPreviewIsWhatASubscriberGetsInDutchAndInEnglish() {
		CampaignPublished campaign = campaign(
				Map.of(Language.NL, TestnetCampaign.DUTCH, Language.EN, TestnetCampaign.ENGLISH));
		for (Language language : Language.values()) {
			PreviewRequested request = request(campaign, MessageKind.WAVE_REMINDER, "7d", language, null);
			publish(request);

			PreviewRendered answer = awaitAnswer(request);
			RenderedMessage expected = render(campaign, MessageKind.WAVE_REMINDER, "7d", language);
			Content content = (language == Language.NL) ? TestnetCampaign.DUTCH : TestnetCampaign.ENGLISH;
			assertThat(answer.language()).isEqualTo(language);
			assertThat(answer.testSend()).isEqualTo(TestSend.NONE);
			assertThat(answer.detail()).isNull();
			assertThat(answer.subject()).isEqualTo(expected.subject()).contains(content.title());
			// The second wave dwells on the second risk.
			assertThat(List.of(answer.text(), answer.html())).allSatisfy((part) -> assertThat(part)
				.contains(content.title(), content.steps().get(0), content.steps().get(1), content.risks().get(1))
				.doesNotContain(content.risks().get(0)));
			assertThat(answer.html()).startsWith(expected.html().substring(0, expected.html().indexOf("<body")));
		}
	}

	@Test
	void aRequestOverSpringKafkasRequestAndReplyGetsItsAnswerUnderItsCorrelationId() throws Exception {
		CampaignPublished campaign = campaign(Map.of(Language.EN, TestnetCampaign.ENGLISH));
		PreviewRequested request = request(campaign, MessageKind.WELCOME, null, Language.EN, null);
		// As reminder-api asks: its answers read in a group of its own from the end.
		ConcurrentMessageListenerContainer<Object, Object> answers = new ConcurrentMessageListenerContainer<>(
				this.consumers, new ContainerProperties(Topics.PREVIEWS_RENDERED));
		answers.getContainerProperties().setGroupId("preview-requests-" + this.campaignId);
		Properties fromTheEnd = new Properties();
		fromTheEnd.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		answers.getContainerProperties().setKafkaConsumerProperties(fromTheEnd);
		ReplyingKafkaTemplate<Object, Object, Object> requests = new ReplyingKafkaTemplate<>(this.producers, answers);
		requests.start();
		try {
			assertThat(requests.waitForAssignment(Duration.ofSeconds(30))).isTrue();
			ConsumerRecord<Object, Object> answer = requests
				.sendAndReceive(new ProducerRecord<>(Topics.PREVIEWS, request.id().toString(), request),
						Duration.ofSeconds(30))
				.get(30, TimeUnit.SECONDS);

			assertThat(answer.topic()).isEqualTo(Topics.PREVIEWS_RENDERED);
			assertThat(answer.key()).isEqualTo(request.id().toString());
			assertThat(answer.value()).isInstanceOfSatisfying(PreviewRendered.class, (rendered) -> {
				assertThat(rendered.requestId()).isEqualTo(request.id());
				assertThat(rendered.subject()).contains(TestnetCampaign.ENGLISH.title());
			});
		}
		finally {
			requests.stop();
			requests.destroy();
		}
	}

	@Test
	void aPreviewInALanguageTheCampaignLacksIsWrittenInEnglishAsASubscriberWouldGetIt() {
		CampaignPublished campaign = campaign(Map.of(Language.EN, TestnetCampaign.ENGLISH));
		PreviewRequested request = request(campaign, MessageKind.WAVE_REMINDER, "14d", Language.NL, null);
		publish(request);

		PreviewRendered answer = awaitAnswer(request);
		assertThat(answer.language()).isEqualTo(Language.EN);
		assertThat(answer.subject())
			.isEqualTo(render(campaign, MessageKind.WAVE_REMINDER, "14d", Language.NL).subject())
			.contains(TestnetCampaign.ENGLISH.title());
		assertThat(answer.text()).contains(TestnetCampaign.ENGLISH.steps().get(0),
				TestnetCampaign.ENGLISH.risks().get(0));
	}

	@Test
	void aTestSendArrivesLikeARealEmailButCountsNowhere() throws Exception {
		double sentBefore = previews(TestSend.SENT, MessageKind.WAVE_REMINDER);
		CampaignPublished campaign = campaign(
				Map.of(Language.NL, TestnetCampaign.DUTCH, Language.EN, TestnetCampaign.ENGLISH));
		String address = address("test-send");
		PreviewRequested request = request(campaign, MessageKind.WAVE_REMINDER, "14d", Language.NL, address);
		publish(request);

		PreviewRendered answer = awaitAnswer(request);
		assertThat(answer.testSend()).isEqualTo(TestSend.SENT);
		assertThat(answer.detail()).isNull();
		List<MailpitClient.MessageSummary> received = this.mail.messagesTo(address);
		assertThat(received).hasSize(1);
		MimeMessage mime = this.mail.mimeMessage(received.get(0).id());
		assertThat(mime.getSubject()).isEqualTo(answer.subject());
		Multipart parts = (Multipart) mime.getContent();
		assertThat(parts.getCount()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
		assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
		// The very message previewed, links and all; on the wire its lines end in CRLF.
		assertThat(lines(parts.getBodyPart(0).getContent())).isEqualTo(lines(answer.text()));
		assertThat(lines(parts.getBodyPart(1).getContent())).isEqualTo(lines(answer.html()));
		assertThat(mime.getHeader("List-Unsubscribe", null)).startsWith("<")
			.endsWith(">")
			.contains("/unsubscribe?token=");
		assertThat(mime.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
		assertThat(mime.getHeader("List-Id", null)).startsWith("<" + campaign.slug() + ".");
		assertThat(mime.getHeader("Content-Language", null)).isEqualTo("nl");
		assertThat(mime.getMessageID()).isNotBlank();

		// Written and sent before the answer: had it gone through the delivery log, it
		// would be there now.
		assertThat(this.jdbc.sql("select count(*) from delivery where campaign_id = :id")
			.param("id", this.campaignId)
			.query(Long.class)
			.single()).isZero();
		try (TopicReader<Object> deliveries = TopicReader.events(Topics.DELIVERIES)) {
			assertThat(deliveries.all()).extracting(ConsumerRecord::value)
				.filteredOn(DeliveryRecorded.class::isInstance)
				.map(DeliveryRecorded.class::cast)
				.noneMatch((delivery) -> delivery.campaignId().equals(this.campaignId));
		}
		assertThat(previews(TestSend.SENT, MessageKind.WAVE_REMINDER)).isEqualTo(sentBefore + 1);
	}

	@Test
	void anExpiredRequestIsDroppedUnansweredAndUnsent() {
		CampaignPublished campaign = campaign(Map.of(Language.EN, TestnetCampaign.ENGLISH));
		String lateAddress = address("expired");
		PreviewRequested expired = PreviewRequested.of(campaign, MessageKind.WELCOME, null, Language.EN, lateAddress,
				Instant.now().minusSeconds(120), Instant.now().minusSeconds(60));
		PreviewRequested fresh = request(campaign, MessageKind.WELCOME, null, Language.EN, address("fresh"));
		// One partition, so the expired request is handled before the fresh one.
		this.kafka.send(Topics.PREVIEWS, 0, expired.id().toString(), expired).join();
		this.kafka.send(Topics.PREVIEWS, 0, fresh.id().toString(), fresh).join();

		assertThat(awaitAnswer(fresh).testSend()).isEqualTo(TestSend.SENT);
		assertThat(this.answers.withKey(expired.id().toString())).isEmpty();
		assertThat(this.mail.messagesTo(lateAddress)).isEmpty();
		assertThat(this.mail.messagesTo(fresh.testRecipient())).hasSize(1);
	}

	@Test
	void aTestAddressWithALineBreakAndABccHeaderIsRefusedAndNothingIsSent() {
		CampaignPublished campaign = campaign(Map.of(Language.EN, TestnetCampaign.ENGLISH));
		String victim = address("victim");
		String smuggled = address("smuggled");
		PreviewRequested request = request(campaign, MessageKind.WELCOME, null, Language.EN,
				victim + "\r\nBcc: " + smuggled);
		publish(request);

		PreviewRendered answer = awaitAnswer(request);
		assertThat(answer.testSend()).isEqualTo(TestSend.FAILED);
		assertThat(answer.detail()).contains("line break").doesNotContain(victim).doesNotContain(smuggled);
		// The preview itself is still shown.
		assertThat(answer.subject()).contains(TestnetCampaign.ENGLISH.title());
		assertThat(this.mail.messagesTo(victim)).isEmpty();
		assertThat(this.mail.messagesTo(smuggled)).isEmpty();
	}

	@Test
	void anUnparsableTestAddressIsRefusedAndNothingIsSent() {
		CampaignPublished campaign = campaign(Map.of(Language.EN, TestnetCampaign.ENGLISH));
		for (String address : List.of("no-domain-" + this.campaignId, "two words@example.test",
				address("one") + ", " + address("two"))) {
			PreviewRequested request = request(campaign, MessageKind.WELCOME, null, Language.EN, address);
			publish(request);

			PreviewRendered answer = awaitAnswer(request);
			assertThat(answer.testSend()).as(address).isEqualTo(TestSend.FAILED);
			assertThat(answer.detail()).as(address).containsAnyOf("not an email address", "exactly one");
		}
		assertThat(this.mail.messages(
				(message) -> message.to().stream().anyMatch((to) -> to.address().contains(this.campaignId.toString()))))
			.isEmpty();
	}

	@Test
	void aCampaignWithoutContentIsAnsweredWithTheReasonAndNothingIsSent() {
		CampaignPublished campaign = campaign(Map.of());
		String address = address("no-content");
		PreviewRequested request = request(campaign, MessageKind.WAVE_REMINDER, "14d", Language.NL, address);
		publish(request);

		PreviewRendered answer = awaitAnswer(request);
		assertThat(answer.testSend()).isEqualTo(TestSend.FAILED);
		assertThat(answer.subject()).isNull();
		assertThat(answer.text()).isNull();
		assertThat(answer.html()).isNull();
		assertThat(answer.detail()).contains("no content");
		assertThat(this.mail.messagesTo(address)).isEmpty();
	}

	@Test
	void anUnknownWaveIsAnsweredWithTheReasonAndNothingIsSent() {
		CampaignPublished campaign = campaign(Map.of(Language.EN, TestnetCampaign.ENGLISH));
		String address = address("unknown-wave");
		PreviewRequested request = request(campaign, MessageKind.WAVE_REMINDER, "2d", Language.EN, address);
		PreviewRequested withoutWave = request(campaign, MessageKind.WAVE_REMINDER, null, Language.EN, null);
		publish(request);
		publish(withoutWave);

		PreviewRendered answer = awaitAnswer(request);
		assertThat(answer.testSend()).isEqualTo(TestSend.FAILED);
		assertThat(answer.subject()).isNull();
		assertThat(answer.detail()).isEqualTo("The campaign has no wave '2d'");
		PreviewRendered noWave = awaitAnswer(withoutWave);
		assertThat(noWave.testSend()).isEqualTo(TestSend.NONE);
		assertThat(noWave.subject()).isNull();
		assertThat(noWave.detail()).isEqualTo("A wave reminder needs a wave");
		assertThat(this.mail.messagesTo(address)).isEmpty();
	}

	@Test
	void aRefusalOfTheSmtpServerIsAnsweredWithItsReplyAndBlamesNoAddress() {
		CampaignPublished campaign = campaign(Map.of(Language.EN, TestnetCampaign.ENGLISH));
		String address = address("refused");
		this.mail.chaos(Chaos.none().withRecipient(Trigger.always(550)));
		PreviewRequested request = request(campaign, MessageKind.WELCOME, null, Language.EN, address);
		publish(request);

		PreviewRendered answer = awaitAnswer(request);
		this.mail.chaos(Chaos.none());
		assertThat(answer.testSend()).isEqualTo(TestSend.FAILED);
		assertThat(answer.subject()).contains(TestnetCampaign.ENGLISH.title());
		assertThat(answer.detail()).contains("550").contains("Chaos triggered on recipient").doesNotContain(address);
		assertThat(this.mail.messagesTo(address)).isEmpty();
		// The operator's address is not a subscriber's: a refusal suppresses nothing.
		assertThat(this.suppressed.contains(address)).isFalse();
	}

	private static String lines(Object part) {
		return ((String) part).replace("\r\n", "\n").strip();
	}

	@Test
	void aRequestThatCannotBeReadGoesToTheDeadLetterTopicAndTheNextIsStillAnswered() {
		CampaignPublished campaign = campaign(Map.of(Language.EN, TestnetCampaign.ENGLISH));
		String key = UUID.randomUUID().toString();
		PreviewRequested next = request(campaign, MessageKind.WELCOME, null, Language.EN, null);
		try (TopicReader<byte[]> deadLetters = TopicReader.raw(Topics.deadLetterOf(Topics.PREVIEWS))) {
			ProducerRecord<Object, Object> malformed = new ProducerRecord<>(Topics.PREVIEWS, 0, key,
					"{\"id\": not json".getBytes(StandardCharsets.UTF_8));
			malformed.headers()
				.add(new RecordHeader("__TypeId__", "nl.tijdig.preview.requested".getBytes(StandardCharsets.UTF_8)));
			this.kafka.send(malformed).join();
			this.kafka.send(Topics.PREVIEWS, 0, next.id().toString(), next).join();

			assertThat(awaitAnswer(next).subject()).contains(TestnetCampaign.ENGLISH.title());
			ConsumerRecord<String, byte[]> dead = deadLetters.await((record) -> key.equals(record.key()));
			assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\": not json");
			assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_FQCN)).isNotNull();
			assertThat(this.answers.withKey(key)).isEmpty();
		}
	}

	private RenderedMessage render(CampaignPublished campaign, MessageKind kind, String waveKey, Language language) {
		Recipient standIn = new Recipient(UUID.randomUUID(), this.campaignId, null, language,
				SubscriptionStatus.CONFIRMED, Instant.now());
		return this.messages.render(kind, waveKey, standIn, Campaign.of(campaign));
	}

	private double previews(TestSend testSend, MessageKind kind) {
		Counter counter = this.meters.find("tijdig.notifier.previews")
			.tag("test_send", testSend.name())
			.tag("kind", kind.name())
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private PreviewRendered awaitAnswer(PreviewRequested request) {
		return (PreviewRendered) this.answers.await((record) -> record.key().equals(request.id().toString())).value();
	}

	private void publish(PreviewRequested request) {
		this.kafka.send(Topics.PREVIEWS, request.id().toString(), request).join();
	}

	private String address(String purpose) {
		return "preview-" + purpose + "-" + this.campaignId + "@example.test";
	}

	private static PreviewRequested request(CampaignPublished campaign, MessageKind kind, String waveKey,
			Language language, String testRecipient) {
		Instant now = Instant.now();
		return PreviewRequested.of(campaign, kind, waveKey, language, testRecipient, now,
				now.plus(Duration.ofMinutes(5)));
	}

	/**
	 * A draft as the console has it: never published, so the projection knows nothing of
	 * it.
	 */
	private CampaignPublished campaign(Map<Language, Content> content) {
		Instant deadline = LocalDate.now(TIME_ZONE).plusDays(10).atTime(12, 0).atZone(TIME_ZONE).toInstant();
		return TestnetCampaign.published(this.campaignId, Instant.now(), deadline, content);
	}

}

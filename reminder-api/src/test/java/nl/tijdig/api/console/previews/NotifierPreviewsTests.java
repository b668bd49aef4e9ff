package nl.tijdig.api.console.previews;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.requestreply.ReplyingKafkaOperations;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.requestreply.RequestReplyFuture;
import org.springframework.kafka.support.SendResult;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.EventSerde;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.PreviewRendered;
import nl.tijdig.events.PreviewRendered.TestSend;
import nl.tijdig.events.PreviewRequested;
import nl.tijdig.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * What the console asks of the notifier and when it gives up: a request under its own id
 * with the campaign and an expiry one timeout ahead, sent only once the answers can be
 * read, and a {@link NotifierUnavailableException} whenever no rendering comes in time.
 */
class NotifierPreviewsTests {

	private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");

	private static final PreviewChoice REMINDER = new PreviewChoice(MessageKind.WAVE_REMINDER, "7d", Language.EN);

	@SuppressWarnings("unchecked")
	private final ReplyingKafkaOperations<Object, Object, Object> kafka = mock(ReplyingKafkaOperations.class);

	private final NotifierPreviews notifier = new NotifierPreviews(this.kafka,
			new PreviewProperties(Duration.ofMillis(200), null), Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void asksUnderTheRequestsIdWithTheCampaignAndAnExpiryOneTimeoutAhead() throws Exception {
		listening();
		ArgumentCaptor<ProducerRecord<Object, Object>> sent = captor();
		given(this.kafka.sendAndReceive(sent.capture(), any(Duration.class)))
			.willAnswer((invocation) -> answered(rendered(((PreviewRequested) sent.getValue().value()).id())));

		PreviewRendered answer = this.notifier.render(campaign(), REMINDER, "test@example.org");

		ProducerRecord<Object, Object> record = sent.getValue();
		PreviewRequested request = (PreviewRequested) record.value();
		assertThat(record.topic()).isEqualTo(Topics.PREVIEWS);
		assertThat(record.key()).isEqualTo(request.id().toString());
		assertThat(request.campaign().slug()).isEqualTo("example");
		assertThat(request.kind()).isEqualTo(MessageKind.WAVE_REMINDER);
		assertThat(request.waveKey()).isEqualTo("7d");
		assertThat(request.language()).isEqualTo(Language.EN);
		assertThat(request.testRecipient()).isEqualTo("test@example.org");
		assertThat(request.expiresAt()).isEqualTo(NOW.plusMillis(200));
		assertThat(answer.requestId()).isEqualTo(request.id());
		assertThat(answer.subject()).isEqualTo("Subject");
	}

	@Test
	void namesTheRequestInLogLinesByIdWithoutItsTestAddress() throws Exception {
		listening();
		ArgumentCaptor<ProducerRecord<Object, Object>> sent = captor();
		given(this.kafka.sendAndReceive(sent.capture(), any(Duration.class)))
			.willAnswer((invocation) -> answered(rendered(((PreviewRequested) sent.getValue().value()).id())));

		this.notifier.render(campaign(), REMINDER, "test@example.org");

		// Spring Kafka logs a request that timed out as the record's toString().
		assertThat(sent.getValue().toString()).isEqualTo("preview request " + sent.getValue().key())
			.doesNotContain("test@example.org");
	}

	@Test
	void waitsForTheAnswerNoLongerThanTheTimeoutLeft() throws Exception {
		listening();
		ArgumentCaptor<Duration> replyTimeout = ArgumentCaptor.forClass(Duration.class);
		given(this.kafka.sendAndReceive(anyRecord(), replyTimeout.capture()))
			.willReturn(sent(new CompletableFuture<>()));

		assertThatExceptionOfType(NotifierUnavailableException.class)
			.isThrownBy(() -> this.notifier.render(campaign(), REMINDER, null))
			.satisfies((ex) -> assertThat(ex.timeoutSeconds()).isOne());
		assertThat(replyTimeout.getValue()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(200));
	}

	@Test
	void sendsNothingBeforeTheAnswersCanBeRead() throws Exception {
		given(this.kafka.waitForAssignment(any())).willReturn(false);

		assertThatExceptionOfType(NotifierUnavailableException.class)
			.isThrownBy(() -> this.notifier.render(campaign(), REMINDER, null));

		then(this.kafka).should(never()).sendAndReceive(anyRecord(), any(Duration.class));
	}

	@Test
	void givesUpWhenKafkaRefusesTheRequest() throws Exception {
		listening();
		RequestReplyFuture<Object, Object, Object> neverAnswered = sent(
				CompletableFuture.failedFuture(new IllegalStateException("broker away")));
		given(this.kafka.sendAndReceive(anyRecord(), any(Duration.class))).willReturn(neverAnswered);

		assertThatExceptionOfType(NotifierUnavailableException.class)
			.isThrownBy(() -> this.notifier.render(campaign(), REMINDER, null))
			.withRootCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void givesUpWhenKafkaCannotTakeTheRequestAtAll() throws Exception {
		listening();
		given(this.kafka.sendAndReceive(anyRecord(), any(Duration.class)))
			.willThrow(new org.springframework.kafka.KafkaException("Send failed",
					new org.apache.kafka.common.errors.TimeoutException("no broker")));

		assertThatExceptionOfType(NotifierUnavailableException.class)
			.isThrownBy(() -> this.notifier.render(campaign(), REMINDER, null));
	}

	@Test
	void takesAnAnswerThatIsNoRenderingForNone() throws Exception {
		listening();
		RequestReplyFuture<Object, Object, Object> future = sent(CompletableFuture.completedFuture(null));
		future.complete(new ConsumerRecord<>(Topics.PREVIEWS_RENDERED, 0, 0, "key", "not a rendering"));
		given(this.kafka.sendAndReceive(anyRecord(), any(Duration.class))).willReturn(future);

		assertThatExceptionOfType(NotifierUnavailableException.class)
			.isThrownBy(() -> this.notifier.render(campaign(), REMINDER, null));
	}

	@Test
	void givesUpOnABrokerItCannotReachWithinThePreviewTimeoutRatherThanTheProducersMinute() throws Exception {
		Map<String, Object> producerSettings = new HashMap<>(EventSerde.producerConfig());
		Map<String, Object> consumerSettings = new HashMap<>(EventSerde.consumerConfig());
		// Nothing listens on port 1.
		producerSettings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
		consumerSettings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
		DefaultKafkaProducerFactory<Object, Object> unreachable = new DefaultKafkaProducerFactory<>(producerSettings);
		ConcurrentKafkaListenerContainerFactory<Object, Object> containers = new ConcurrentKafkaListenerContainerFactory<>();
		containers.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumerSettings));
		ReplyingKafkaTemplate<Object, Object, Object> template = NotifierPreviews.template(unreachable, containers,
				Duration.ofSeconds(1));
		// The service's own template, but as if its answers' partitions were assigned.
		ReplyingKafkaOperations<Object, Object, Object> assigned = new ReplyingKafkaOperations<>() {

			@Override
			public boolean waitForAssignment(Duration duration) {
				return true;
			}

			@Override
			public RequestReplyFuture<Object, Object, Object> sendAndReceive(ProducerRecord<Object, Object> record) {
				return template.sendAndReceive(record);
			}

			@Override
			public RequestReplyFuture<Object, Object, Object> sendAndReceive(ProducerRecord<Object, Object> record,
					Duration replyTimeout) {
				return template.sendAndReceive(record, replyTimeout);
			}

		};
		NotifierPreviews notifier = new NotifierPreviews(assigned, new PreviewProperties(Duration.ofSeconds(1), null),
				Clock.fixed(NOW, ZoneOffset.UTC));
		template.start();
		try {
			assertThatExceptionOfType(NotifierUnavailableException.class)
				.isThrownBy(() -> notifier.render(campaign(), REMINDER, null))
				.satisfies((ex) -> assertThat(ex).rootCause()
					.as("Kafka's own account of how long it waited for the broker")
					.hasMessageContaining("after 1000 ms"));
		}
		finally {
			template.stop();
			template.destroy();
			((DefaultKafkaProducerFactory<Object, Object>) template.getProducerFactory()).destroy();
			unreachable.destroy();
		}
	}

	private void listening() throws InterruptedException {
		given(this.kafka.waitForAssignment(any())).willReturn(true);
	}

	@SuppressWarnings("unchecked")
	private static ProducerRecord<Object, Object> anyRecord() {
		return any(ProducerRecord.class);
	}

	@SuppressWarnings("unchecked")
	private static ArgumentCaptor<ProducerRecord<Object, Object>> captor() {
		return ArgumentCaptor.forClass(ProducerRecord.class);
	}

	private static RequestReplyFuture<Object, Object, Object> answered(PreviewRendered rendered) {
		RequestReplyFuture<Object, Object, Object> future = sent(CompletableFuture.completedFuture(null));
		future
			.complete(new ConsumerRecord<>(Topics.PREVIEWS_RENDERED, 0, 0, rendered.requestId().toString(), rendered));
		return future;
	}

	/** A request handed to Kafka with this outcome, its answer still to come. */
	private static RequestReplyFuture<Object, Object, Object> sent(
			CompletableFuture<SendResult<Object, Object>> sending) {
		return new RequestReplyFuture<>() {

			{
				setSendFuture(sending);
			}

		};
	}

	private static PreviewRendered rendered(UUID requestId) {
		return PreviewRendered.of(requestId, Language.EN, "Subject", "Text", "<p>Html</p>", TestSend.NONE, null, NOW);
	}

	private static Campaign campaign() {
		Content content = new Content("Title", "Summary", List.of("Step"), "https://example.net/settings",
				List.of("Risk"), "Coverage");
		return new Campaign(UUID.randomUUID(), "example", "ExampleNet", Campaign.Status.DRAFT,
				NOW.plus(Duration.ofDays(20)), ZoneId.of("Europe/Amsterdam"),
				List.of(new Wave("7d", Duration.ofDays(7), LocalTime.of(9, 0))), Map.of(Language.EN, content), 1,
				NOW.plus(Duration.ofDays(50)));
	}

}

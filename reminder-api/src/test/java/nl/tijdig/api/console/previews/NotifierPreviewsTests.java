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

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;

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
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * How an answer finds its request: by request id only, whatever else every instance
 * reads, and a request nobody answers is given up and forgotten.
 */
class NotifierPreviewsTests {

	private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");

	private static final PreviewChoice REMINDER = new PreviewChoice(MessageKind.WAVE_REMINDER, "7d", Language.EN);

	private final PreviewReplies replies = new PreviewReplies();

	@SuppressWarnings("unchecked")
	private final KafkaOperations<Object, Object> kafka = mock(KafkaOperations.class);

	private final NotifierPreviews notifier = new NotifierPreviews(this.kafka, this.replies,
			new PreviewProperties(Duration.ofMillis(200), null), Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void completesOnlyTheFutureOfTheRequestAnswered() {
		UUID mine = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		CompletableFuture<PreviewRendered> myAnswer = this.replies.expect(mine);
		CompletableFuture<PreviewRendered> otherAnswer = this.replies.expect(other);

		this.replies.onRendered(rendered(UUID.randomUUID()));
		assertThat(myAnswer).as("another instance's answer").isNotDone();
		assertThat(otherAnswer).isNotDone();

		PreviewRendered answer = rendered(mine);
		this.replies.onRendered(answer);

		assertThat(myAnswer).isCompletedWithValue(answer);
		assertThat(otherAnswer).isNotDone();
		assertThat(this.replies.waiting()).isOne();
	}

	@Test
	void ignoresAnAnswerThatComesAfterItsRequestWasGivenUp() {
		UUID late = UUID.randomUUID();
		CompletableFuture<PreviewRendered> answer = this.replies.expect(late);
		this.replies.forget(late);

		this.replies.onRendered(rendered(late));

		assertThat(answer).isNotDone();
		assertThat(this.replies.waiting()).isZero();
	}

	@Test
	void returnsTheAnswerToItsOwnRequestAndForgetsIt() {
		listening();
		given(this.kafka.send(eq(Topics.PREVIEWS), anyString(), any())).willAnswer((invocation) -> {
			PreviewRequested request = invocation.getArgument(2);
			assertThat(invocation.<String>getArgument(1)).isEqualTo(request.id().toString());
			// Another instance's answer arrives first.
			this.replies.onRendered(rendered(UUID.randomUUID()));
			this.replies.onRendered(rendered(request.id()));
			return CompletableFuture.completedFuture(null);
		});

		PreviewRendered answer = this.notifier.render(campaign(), REMINDER, "test@example.org");

		assertThat(answer.subject()).isEqualTo("Subject");
		assertThat(this.replies.waiting()).isZero();
	}

	@Test
	void asksWithTheCampaignAndAnExpiryOneTimeoutAhead() {
		listening();
		given(this.kafka.send(eq(Topics.PREVIEWS), anyString(), any())).willAnswer((invocation) -> {
			PreviewRequested request = invocation.getArgument(2);
			assertThat(request.campaign().slug()).isEqualTo("example");
			assertThat(request.kind()).isEqualTo(MessageKind.WAVE_REMINDER);
			assertThat(request.waveKey()).isEqualTo("7d");
			assertThat(request.language()).isEqualTo(Language.EN);
			assertThat(request.testRecipient()).isNull();
			assertThat(request.expiresAt()).isEqualTo(NOW.plusMillis(200));
			this.replies.onRendered(rendered(request.id()));
			return CompletableFuture.completedFuture(null);
		});

		assertThat(this.notifier.render(campaign(), REMINDER, null)).isNotNull();
	}

	@Test
	void givesUpAndForgetsARequestNobodyAnswers() {
		listening();
		given(this.kafka.send(eq(Topics.PREVIEWS), anyString(), any()))
			.willReturn(CompletableFuture.completedFuture(null));

		assertThatExceptionOfType(NotifierUnavailableException.class)
			.isThrownBy(() -> this.notifier.render(campaign(), REMINDER, null));
		assertThat(this.replies.waiting()).isZero();
	}

	@Test
	void givesUpOnABrokerItCannotReachWithinThePreviewTimeoutRatherThanTheProducersMinute() throws Exception {
		listening();
		Map<String, Object> settings = new HashMap<>(EventSerde.producerConfig());
		// Nothing listens on port 1.
		settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
		DefaultKafkaProducerFactory<Object, Object> unreachable = new DefaultKafkaProducerFactory<>(settings);
		NotifierPreviews notifier = new NotifierPreviews(unreachable, this.replies,
				new PreviewProperties(Duration.ofSeconds(1), null), Clock.fixed(NOW, ZoneOffset.UTC));
		try {
			assertThatExceptionOfType(NotifierUnavailableException.class)
				.isThrownBy(() -> notifier.render(campaign(), REMINDER, null))
				.satisfies((ex) -> assertThat(ex).rootCause()
					.as("Kafka's own account of how long it waited for the broker")
					.hasMessageContaining("after 1000 ms"));
			assertThat(this.replies.waiting()).isZero();
		}
		finally {
			notifier.destroy();
			unreachable.destroy();
		}
	}

	@Test
	void sendsNothingBeforeTheAnswersCanBeRead() {
		assertThatExceptionOfType(NotifierUnavailableException.class)
			.isThrownBy(() -> this.notifier.render(campaign(), REMINDER, null));

		then(this.kafka).should(never()).send(anyString(), any(), any());
		assertThat(this.replies.waiting()).isZero();
	}

	@Test
	void givesUpWhenKafkaRefusesTheRequest() {
		listening();
		given(this.kafka.send(eq(Topics.PREVIEWS), anyString(), any()))
			.willReturn(CompletableFuture.failedFuture(new IllegalStateException("broker away")));

		assertThatExceptionOfType(NotifierUnavailableException.class)
			.isThrownBy(() -> this.notifier.render(campaign(), REMINDER, null));
		assertThat(this.replies.waiting()).isZero();
	}

	@Test
	void givesUpWhenKafkaCannotTakeTheRequestAtAll() {
		listening();
		given(this.kafka.send(eq(Topics.PREVIEWS), anyString(), any()))
			.willThrow(new org.apache.kafka.common.errors.TimeoutException("no broker"));

		assertThatExceptionOfType(NotifierUnavailableException.class)
			.isThrownBy(() -> this.notifier.render(campaign(), REMINDER, null));
		assertThat(this.replies.waiting()).isZero();
	}

	private void listening() {
		this.replies.onPartitionsAssigned(Map.of(), null);
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

package nl.tijdig.api.console.previews;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.events.PreviewRendered;
import nl.tijdig.events.PreviewRequested;
import nl.tijdig.events.Topics;

/**
 * Asks the notifier to render one message of a campaign, and optionally to send it to one
 * address, and waits for its answer. The request goes to Kafka directly rather than
 * through the outbox: nothing in the database has to agree with it, and an operator waits
 * for the answer, so a request that could not be sent is better reported at once than
 * relayed later.
 */
@Component
class NotifierPreviews implements DisposableBean {

	private final KafkaOperations<Object, Object> kafka;

	private final PreviewReplies replies;

	private final PreviewProperties properties;

	private final Clock clock;

	/** The producers this made for itself, to close with it; none in unit tests. */
	private ProducerFactory<Object, Object> ownProducers;

	/**
	 * Sends with a producer of its own that gives up on a broker it cannot reach within
	 * the preview's timeout; the shared one waits a minute, fine for the outbox relay but
	 * not for an operator looking at a page.
	 */
	@Autowired
	NotifierPreviews(ProducerFactory<Object, Object> producers, PreviewReplies replies, PreviewProperties properties,
			Clock clock) {
		this(new KafkaTemplate<>(producers,
				Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.timeout().toMillis())), replies, properties,
				clock);
		this.ownProducers = this.kafka.getProducerFactory();
	}

	NotifierPreviews(KafkaOperations<Object, Object> kafka, PreviewReplies replies, PreviewProperties properties,
			Clock clock) {
		this.kafka = kafka;
		this.replies = replies;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The message as the notifier writes it.
	 * @param testRecipient where to send it, {@code null} to only see it
	 * @throws NotifierUnavailableException if no answer came within the timeout
	 */
	PreviewRendered render(Campaign campaign, PreviewChoice choice, String testRecipient) {
		Duration timeout = this.properties.timeout();
		Instant now = this.clock.instant();
		long deadline = System.nanoTime() + timeout.toNanos();
		PreviewRequested request = PreviewRequested.of(campaign.toEvent(now), choice.kind(), choice.waveKey(),
				choice.language(), testRecipient, now, now.plus(timeout));
		CompletableFuture<PreviewRendered> answer = this.replies.expect(request.id());
		try {
			await(this.replies.listening(), deadline);
			await(send(request), deadline);
			return await(answer, deadline);
		}
		finally {
			this.replies.forget(request.id());
		}
	}

	@Override
	public void destroy() throws Exception {
		if (this.ownProducers instanceof DisposableBean producers) {
			producers.destroy();
		}
	}

	private CompletableFuture<?> send(PreviewRequested request) {
		try {
			return this.kafka.send(Topics.PREVIEWS, request.id().toString(), request);
		}
		catch (KafkaException | org.springframework.kafka.KafkaException ex) {
			// Refused before it was even handed over, e.g. no broker within max.block.ms.
			throw new NotifierUnavailableException(this.properties.timeout(), ex);
		}
	}

	private <T> T await(CompletableFuture<T> future, long deadline) {
		try {
			return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new NotifierUnavailableException(this.properties.timeout(), ex);
		}
		catch (ExecutionException ex) {
			// Kafka refused the request or could not be reached in time.
			throw new NotifierUnavailableException(this.properties.timeout(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NotifierUnavailableException(this.properties.timeout(), ex);
		}
	}

}

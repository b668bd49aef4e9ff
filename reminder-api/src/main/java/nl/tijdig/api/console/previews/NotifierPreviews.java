package nl.tijdig.api.console.previews;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.requestreply.ReplyingKafkaOperations;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.requestreply.RequestReplyFuture;
import org.springframework.stereotype.Component;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.console.ConsoleListeners;
import nl.tijdig.events.PreviewRendered;
import nl.tijdig.events.PreviewRequested;
import nl.tijdig.events.Topics;

/**
 * Asks the notifier to render one message of a campaign, and optionally to send it to one
 * address, and waits for its answer: Spring Kafka's request and reply, the answer found
 * by its correlation id. The request goes to Kafka directly rather than through the
 * outbox: nothing in the database has to agree with it, and an operator waits for the
 * answer, so a request that could not be sent is better reported at once than relayed
 * later.
 * <p>
 * Every instance reads the answers in a consumer group of its own, from the end of the
 * topic: the instance that asked may be any of them, and an answer nobody waits for any
 * more is of no use. The container resolves that end when the partitions are assigned,
 * before a request may go, so no answer passes unseen.
 */
@Component
class NotifierPreviews implements SmartLifecycle, DisposableBean {

	private final ReplyingKafkaOperations<Object, Object, Object> kafka;

	private final PreviewProperties properties;

	private final Clock clock;

	/**
	 * Sends with a producer of its own that gives up on a broker it cannot reach within
	 * the preview's timeout; the shared one waits a minute, fine for the outbox relay but
	 * not for an operator looking at a page. The template is no bean: as a
	 * {@code KafkaTemplate} it would stand in for the one every other sender uses.
	 */
	@Autowired
	NotifierPreviews(ProducerFactory<Object, Object> producers,
			@Qualifier(ConsoleListeners.CONTAINER_FACTORY) ConcurrentKafkaListenerContainerFactory<Object, Object> containers,
			PreviewProperties properties, Clock clock) {
		this(template(producers, containers, properties.timeout()), properties, clock);
	}

	NotifierPreviews(ReplyingKafkaOperations<Object, Object, Object> kafka, PreviewProperties properties, Clock clock) {
		this.kafka = kafka;
		this.properties = properties;
		this.clock = clock;
	}

	static ReplyingKafkaTemplate<Object, Object, Object> template(ProducerFactory<Object, Object> producers,
			ConcurrentKafkaListenerContainerFactory<Object, Object> containers, Duration timeout) {
		ConcurrentMessageListenerContainer<Object, Object> answers = containers
			.createContainer(Topics.PREVIEWS_RENDERED);
		answers.getContainerProperties().setGroupId("tijdig-reminder-api-previews-" + UUID.randomUUID());
		Properties fromTheEnd = new Properties();
		fromTheEnd.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		fromTheEnd.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		answers.getContainerProperties().setKafkaConsumerProperties(fromTheEnd);
		ReplyingKafkaTemplate<Object, Object, Object> template = new ReplyingKafkaTemplate<>(
				producers.copyWithConfigurationOverride(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis())),
				answers);
		// Every instance reads every answer: another's is no error.
		template.setSharedReplyTopic(true);
		template.setDefaultReplyTimeout(timeout);
		return template;
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
		try {
			// The answers are read from the end of their topic: one written before the
			// partitions are assigned would pass unseen.
			if (!this.kafka.waitForAssignment(left(deadline))) {
				throw new NotifierUnavailableException(timeout, null);
			}
			RequestReplyFuture<Object, Object, Object> answer = this.kafka.sendAndReceive(new Request(request),
					left(deadline));
			if (answer.getSendFuture() != null) {
				await(answer.getSendFuture(), deadline);
			}
			ConsumerRecord<Object, Object> record = await(answer, deadline);
			if (record.value() instanceof PreviewRendered rendered) {
				return rendered;
			}
			throw new NotifierUnavailableException(timeout,
					new IllegalStateException("The answer is no rendering: " + record.value()));
		}
		catch (KafkaException | org.springframework.kafka.KafkaException ex) {
			// Refused before it was even handed over, e.g. no broker within max.block.ms.
			throw new NotifierUnavailableException(timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NotifierUnavailableException(timeout, ex);
		}
	}

	private static Duration left(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	private <T> T await(CompletableFuture<T> future, long deadline) throws InterruptedException {
		try {
			return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new NotifierUnavailableException(this.properties.timeout(), ex);
		}
		catch (ExecutionException ex) {
			// Kafka refused the request or could not be reached in time, or the answer
			// could not be read.
			throw new NotifierUnavailableException(this.properties.timeout(), ex.getCause());
		}
	}

	@Override
	public void start() {
		if (this.kafka instanceof ReplyingKafkaTemplate<?, ?, ?> template) {
			template.start();
		}
	}

	@Override
	public void stop() {
		if (this.kafka instanceof ReplyingKafkaTemplate<?, ?, ?> template) {
			template.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return this.kafka instanceof ReplyingKafkaTemplate<?, ?, ?> template && template.isRunning();
	}

	@Override
	public void destroy() throws Exception {
		if (this.kafka instanceof ReplyingKafkaTemplate<?, ?, ?> template) {
			template.destroy();
			// Made for the template above; the template leaves it open.
			if (template.getProducerFactory() instanceof DisposableBean producers) {
				producers.destroy();
			}
		}
	}

	/**
	 * A request whose log lines, Spring Kafka's on a timeout among them, name it by id
	 * only: the record itself carries the test address and the whole campaign.
	 */
	private static final class Request extends ProducerRecord<Object, Object> {

		Request(PreviewRequested request) {
			super(Topics.PREVIEWS, request.id().toString(), request);
		}

		@Override
		public String toString() {
			return "preview request " + key();
		}

	}

}

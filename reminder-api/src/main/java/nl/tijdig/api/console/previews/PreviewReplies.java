package nl.tijdig.api.console.previews;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

import nl.tijdig.events.PreviewRendered;
import nl.tijdig.events.Topics;
import nl.tijdig.api.console.ConsoleListeners;

/**
 * The notifier's renderings, read by every instance in a consumer group of its own: the
 * instance that asked may be any of them, so each one sees every answer, takes the ones
 * it waits for and ignores the rest. Reads from the end of the topic and never needs to
 * resume: an answer nobody waits for any more is of no use.
 */
@Component
class PreviewReplies implements ConsumerSeekAware {

	private static final Log logger = LogFactory.getLog(PreviewReplies.class);

	private final String groupId = "tijdig-reminder-api-previews-" + UUID.randomUUID();

	private final Map<UUID, CompletableFuture<PreviewRendered>> pending = new ConcurrentHashMap<>();

	private final CompletableFuture<Void> listening = new CompletableFuture<>();

	/** Read by the listener's {@code groupId} expression. */
	public String groupId() {
		return this.groupId;
	}

	/**
	 * Completed once the topic's partitions are assigned and their positions known: from
	 * then on no answer can pass unseen, so a request is sent only after it.
	 */
	CompletableFuture<Void> listening() {
		return this.listening;
	}

	/**
	 * The answer to the request {@code requestId}, once it arrives. Register before
	 * sending, so an answer that comes quickly finds its future; {@link #forget} it when
	 * done waiting.
	 */
	CompletableFuture<PreviewRendered> expect(UUID requestId) {
		return this.pending.computeIfAbsent(requestId, (id) -> new CompletableFuture<>());
	}

	/** Stops waiting for {@code requestId}; an answer that comes later is ignored. */
	void forget(UUID requestId) {
		this.pending.remove(requestId);
	}

	/** How many requests are waited for: none once each has its answer or gave up. */
	int waiting() {
		return this.pending.size();
	}

	@KafkaListener(id = "reminder-api-console-previews", topics = Topics.PREVIEWS_RENDERED,
			groupId = "#{__listener.groupId()}", containerFactory = ConsoleListeners.CONTAINER_FACTORY,
			properties = { "auto.offset.reset=latest", "enable.auto.commit=false" })
	void onRendered(PreviewRendered rendered) {
		if (rendered == null || rendered.requestId() == null) {
			return;
		}
		CompletableFuture<PreviewRendered> waiting = this.pending.remove(rendered.requestId());
		if (waiting != null) {
			waiting.complete(rendered);
		}
		else if (logger.isDebugEnabled()) {
			// Another instance's answer, or one that came after its request timed out.
			logger.debug("Ignoring the rendering of preview request " + rendered.requestId());
		}
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		// The container has asked the consumer for each position before calling this, so
		// "latest" is already resolved: an answer written from now on will be read.
		this.listening.complete(null);
	}

}

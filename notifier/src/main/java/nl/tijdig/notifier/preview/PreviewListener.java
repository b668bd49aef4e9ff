package nl.tijdig.notifier.preview;

import java.time.Clock;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.PreviewRendered;
import nl.tijdig.events.PreviewRequested;
import nl.tijdig.events.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;

/**
 * Where {@code tijdig.previews} comes in. A request past its {@code expiresAt} is dropped
 * unanswered and unsent: the operator has stopped waiting. Any other is answered on
 * {@code tijdig.previews.rendered} under its key with the correlation id it came with
 * (Spring Kafka's request and reply), straight from the listener's container: nothing in
 * the database has to agree with the answer, so it needs no outbox. An answer that cannot
 * be published is logged, not retried: the operator sees that none came and asks again,
 * and a test email never goes out twice. A request that breaks the contract (no id, no
 * expiry) goes to the dead-letter topic.
 */
@Component
class PreviewListener {

	private static final Log logger = LogFactory.getLog(PreviewListener.class);

	private final Previews previews;

	private final MeterRegistry meters;

	private final Clock clock;

	PreviewListener(Previews previews, MeterRegistry meters, Clock clock) {
		this.previews = previews;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * @return the answer, {@code null} for none
	 */
	@KafkaListener(id = "notifier-previews", idIsGroup = false, topics = Topics.PREVIEWS)
	@SendTo(Topics.PREVIEWS_RENDERED)
	PreviewRendered on(@Payload(required = false) PreviewRequested request,
			@Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String key) {
		if (request == null) {
			throw new InvalidEventException("No preview request in the record");
		}
		if (!InvalidEventException.required(request.id(), "id").toString().equals(key)) {
			throw new InvalidEventException("Key does not match id");
		}
		InvalidEventException.required(request.expiresAt(), "expiresAt");
		InvalidEventException.required(request.campaign(), "campaign");
		InvalidEventException.required(request.kind(), "kind");
		InvalidEventException.required(request.language(), "language");
		if (!this.clock.instant().isBefore(request.expiresAt())) {
			logger.info("Dropped preview request " + request.id() + ": it expired at " + request.expiresAt());
			return null;
		}
		PreviewRendered answer = this.previews.answer(request);
		Counter.builder("tijdig.notifier.previews")
			.description("Preview requests answered")
			.tag("test_send", answer.testSend().name())
			.tag("kind", request.kind().name())
			.register(this.meters)
			.increment();
		if (logger.isInfoEnabled()) {
			logger.info("Answered preview request " + request.id() + ", test send "
					+ answer.testSend().name().toLowerCase(Locale.ROOT)
					+ ((answer.detail() != null) ? ": " + answer.detail() : ""));
		}
		return answer;
	}

}

package nl.tijdig.notifier.delivery;

import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.SendingResumeRequested;
import nl.tijdig.events.Topics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * Where an operator's request to resume a campaign that the complaint rate paused comes
 * in ({@code tijdig.sending.resumes}, from the console). A request delivered twice, or
 * one for a pause that ended, changes nothing.
 */
@Component
class SendingResumes {

	private final ComplaintBreaker breaker;

	SendingResumes(ComplaintBreaker breaker) {
		this.breaker = breaker;
	}

	@KafkaListener(id = "notifier-sending-resumes", idIsGroup = false, topics = Topics.SENDING_RESUMES)
	void on(@Payload(required = false) SendingResumeRequested request,
			@Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String key) {
		if (request == null) {
			throw new InvalidEventException("No resume request in the record");
		}
		InvalidEventException.required(request.id(), "id");
		if (!InvalidEventException.required(request.campaignId(), "campaignId").toString().equals(key)) {
			throw new InvalidEventException("Key does not match campaignId");
		}
		this.breaker.resume(request.campaignId(), InvalidEventException.required(request.pausedSince(), "pausedSince"),
				String.valueOf(request.operator()));
	}

}

package nl.tijdig.notifier.suppression;

import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.SuppressionLiftRequested;
import nl.tijdig.events.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Where an operator's request to write to a suppressed address again comes in
 * ({@code tijdig.suppressions}, from the console): the address leaves the suppression
 * list, whatever put it there. A request for an address that is not on it, or a request
 * delivered twice, changes nothing. The log names the request, never the address.
 */
@Component
class SuppressionLifts {

	private static final Log logger = LogFactory.getLog(SuppressionLifts.class);

	private final SuppressedAddresses addresses;

	SuppressionLifts(SuppressedAddresses addresses) {
		this.addresses = addresses;
	}

	@KafkaListener(id = "notifier-suppressions", idIsGroup = false, topics = Topics.SUPPRESSIONS)
	void on(@Payload(required = false) SuppressionLiftRequested request,
			@Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String key) {
		if (request == null) {
			throw new InvalidEventException("No suppression lift request in the record");
		}
		if (!InvalidEventException.required(request.id(), "id").toString().equals(key)) {
			throw new InvalidEventException("Key does not match id");
		}
		if (InvalidEventException.required(request.address(), "address").isBlank()) {
			throw new InvalidEventException("Blank attribute 'address'");
		}
		boolean lifted = this.addresses.remove(request.address());
		logger.info("Suppression lift request " + request.id() + ": "
				+ (lifted ? "the address is no longer suppressed" : "the address was not suppressed"));
	}

}

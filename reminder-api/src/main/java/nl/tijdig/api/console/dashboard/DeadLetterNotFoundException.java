package nl.tijdig.api.console.dashboard;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No such dead-letter topic, partition or record (any more): retention removed it. */
@ResponseStatus(HttpStatus.NOT_FOUND)
class DeadLetterNotFoundException extends RuntimeException {

	DeadLetterNotFoundException(String what) {
		super("No dead letter " + what);
	}

}

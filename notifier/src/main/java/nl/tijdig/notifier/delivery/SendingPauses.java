package nl.tijdig.notifier.delivery;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;

import nl.tijdig.events.SendingStateChanged;
import nl.tijdig.events.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * Tells operators, on {@code tijdig.sending}, when this instance pauses its sending and
 * when it resumes; the console shows it. Straight through the {@code KafkaTemplate}: the
 * pause lives in this instance, not in the database, and a lost notice costs a banner,
 * not a message.
 */
@Component
class SendingPauses {

	private static final Log logger = LogFactory.getLog(SendingPauses.class);

	/** This instance: host (a pod's name) and process, as the JVM names itself. */
	private final String instance = ManagementFactory.getRuntimeMXBean().getName();

	private final KafkaOperations<Object, Object> kafka;

	private final Clock clock;

	SendingPauses(KafkaOperations<Object, Object> kafka, Clock clock) {
		this.kafka = kafka;
		this.clock = clock;
	}

	void paused(RelayBreaker.Pause pause, Duration coolDown) {
		publish(SendingStateChanged.State.PAUSED, pause);
	}

	void resumed(RelayBreaker.Pause pause) {
		publish(SendingStateChanged.State.RESUMED, pause);
	}

	private void publish(SendingStateChanged.State state, RelayBreaker.Pause pause) {
		SendingStateChanged changed = SendingStateChanged.of(this.instance, state, pause.since(), pause.refusals(),
				pause.relayReply(), this.clock.instant());
		// Not awaited: a sending thread must not wait for the broker.
		this.kafka.send(Topics.SENDING, this.instance, changed).whenComplete((result, failure) -> {
			if (failure != null) {
				logger.warn("Could not tell operators that sending is " + state + ": " + failure.getMessage());
			}
		});
	}

}

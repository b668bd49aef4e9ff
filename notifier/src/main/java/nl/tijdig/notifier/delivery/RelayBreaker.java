package nl.tijdig.notifier.delivery;

import java.time.Clock;
import java.time.Instant;

import nl.tijdig.notifier.smtp.SmtpProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Pauses this instance's sending when the relay refuses message after message for reasons
 * of its own (relay access denied, a blocklisted sending IP): the next message would be
 * refused alike, and every refusal costs the sender reputation. After
 * {@code breaker.threshold} policy refusals in a row it opens: no thread takes messages
 * for {@code breaker.cool-down}; then one thread takes one message (half open). If the
 * relay takes it, or answers it in any other way than by policy, sending resumes; if not,
 * the pause starts over. Each instance judges its relay for itself: nothing here needs to
 * agree across instances, and the messages wait in the delivery log meanwhile.
 */
@Component
class RelayBreaker {

	private static final Log logger = LogFactory.getLog(RelayBreaker.class);

	private final SmtpProperties.Breaker properties;

	private final Clock clock;

	private final DeliveryMetrics metrics;

	private final SendingPauses pauses;

	private int refusalsInARow;

	private Pause pause;

	private Instant openedAt;

	private boolean probing;

	RelayBreaker(SmtpProperties properties, Clock clock, DeliveryMetrics metrics, SendingPauses pauses) {
		this.properties = properties.breaker();
		this.clock = clock;
		this.metrics = metrics;
		this.pauses = pauses;
		metrics.sendingPaused(this, (breaker) -> (breaker.pause() != null) ? 1 : 0);
	}

	/**
	 * How many messages a sending thread may take now: all it wants while closed, none
	 * while paused, one for the single thread that tries the relay after the cool-down.
	 * @return a permit; its {@link Permit#messages()} may be 0
	 */
	synchronized Permit permit(int wanted) {
		if (this.pause == null) {
			return new Permit(wanted, false);
		}
		if (this.probing || this.clock.instant().isBefore(this.openedAt.plus(this.properties.coolDown()))) {
			return new Permit(0, false);
		}
		this.probing = true;
		logger.info("Trying the relay with one message after pausing since " + this.pause.since());
		return new Permit(1, true);
	}

	/**
	 * Ends a permit: a trial that did not reach the relay (nothing due, suppressed, lost
	 * claim, no connection) lets the next thread try.
	 */
	synchronized void done(Permit permit) {
		if (permit.trial()) {
			this.probing = false;
		}
	}

	/** The relay refused a message for reasons of its own. */
	void refusedByPolicy(String relayReply) {
		this.metrics.policyRefusal();
		Pause started = null;
		synchronized (this) {
			this.refusalsInARow++;
			if (this.pause != null) {
				// The trial was refused too: pause again, since the first refusal.
				this.pause = new Pause(this.pause.since(), this.refusalsInARow, relayReply);
				this.openedAt = this.clock.instant();
				this.probing = false;
			}
			else if (this.refusalsInARow >= this.properties.threshold()) {
				this.pause = new Pause(this.clock.instant(), this.refusalsInARow, relayReply);
				this.openedAt = this.pause.since();
				started = this.pause;
			}
		}
		if (started != null) {
			logger.error("Sending paused for " + this.properties.coolDown() + " after " + started.refusals()
					+ " policy refusals in a row; the relay replied '" + relayReply + "'");
			this.pauses.paused(started, this.properties.coolDown());
		}
	}

	/**
	 * The relay answered a message otherwise than by a policy refusal: it took it, or
	 * refused the address, or deferred it.
	 */
	void relayAnswered() {
		Pause ended;
		synchronized (this) {
			this.refusalsInARow = 0;
			ended = this.pause;
			this.pause = null;
			this.probing = false;
		}
		if (ended != null) {
			logger.info("Sending resumed: the relay answered again after pausing since " + ended.since());
			this.pauses.resumed(ended);
		}
	}

	/** The pause in force, {@code null} while sending. */
	synchronized Pause pause() {
		return this.pause;
	}

	/**
	 * @param messages how many messages the thread may take
	 * @param trial whether they try the relay after a pause
	 */
	record Permit(int messages, boolean trial) {
	}

	/**
	 * Why sending pauses.
	 *
	 * @param since when the run of refusals paused it
	 * @param refusals policy refusals in a row so far
	 * @param relayReply the relay's last reply, addresses taken out
	 */
	record Pause(Instant since, int refusals, String relayReply) {
	}

}

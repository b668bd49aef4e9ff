package nl.tijdig.notifier.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.Topics;
import nl.tijdig.outbox.Outbox;

import org.springframework.stereotype.Component;

/**
 * Writes how a message ended into the delivery log and, in the same transaction, the
 * {@link DeliveryRecorded} event into the outbox: one never without the other.
 */
@Component
class Outcomes {

	private final DeliveryLog log;

	private final Outbox outbox;

	private final Clock clock;

	private final DeliveryMetrics metrics;

	Outcomes(DeliveryLog log, Outbox outbox, Clock clock, DeliveryMetrics metrics) {
		this.log = log;
		this.outbox = outbox;
		this.clock = clock;
		this.metrics = metrics;
	}

	/**
	 * Records a final outcome, in the caller's transaction.
	 * @return whether it was recorded; {@code false} if the message had ended before
	 */
	boolean record(Delivery delivery, DeliveryOutcome outcome, String detail, String messageId) {
		if (!this.log.finish(delivery, stateOf(outcome), detail, messageId, this.clock.instant())) {
			return false;
		}
		publish(delivery, outcome, detail);
		return true;
	}

	/**
	 * Records the outcomes of many messages in the caller's transaction, in two
	 * statements: the delivery log's rows, then the events of those that had not ended
	 * before (or were somebody else's by now).
	 */
	void recordAll(List<Outcome> outcomes) {
		if (outcomes.isEmpty()) {
			return;
		}
		List<DeliveryLog.Finished> finished = new ArrayList<>(outcomes.size());
		Map<DeliveryLog.Finished, Outcome> of = new IdentityHashMap<>();
		for (Outcome outcome : outcomes) {
			DeliveryLog.Finished one = new DeliveryLog.Finished(outcome.delivery(), stateOf(outcome.outcome()),
					outcome.detail(), outcome.messageId());
			finished.add(one);
			of.put(one, outcome);
		}
		Instant now = this.clock.instant();
		List<Outbox.Keyed> events = new ArrayList<>(outcomes.size());
		List<Outcome> recorded = new ArrayList<>(outcomes.size());
		for (DeliveryLog.Finished one : this.log.finishAll(finished, now)) {
			Outcome outcome = of.get(one);
			Delivery delivery = outcome.delivery();
			events.add(new Outbox.Keyed(delivery.subscriberId().toString(),
					DeliveryRecorded.of(delivery.subscriberId(), delivery.campaignId(), delivery.kind(),
							delivery.messageKey(), delivery.waveKey(), outcome.outcome(), outcome.detail(), now)));
			recorded.add(outcome);
		}
		this.outbox.appendAll(Topics.DELIVERIES, events);
		for (Outcome outcome : recorded) {
			this.metrics.recorded(outcome.delivery(), outcome.outcome(), now);
		}
	}

	private static DeliveryState stateOf(DeliveryOutcome outcome) {
		return switch (outcome) {
			case SENT -> DeliveryState.SENT;
			case SUPPRESSED -> DeliveryState.SUPPRESSED;
			case IN_DOUBT -> DeliveryState.IN_DOUBT;
			case BOUNCED -> DeliveryState.BOUNCED;
			case FAILED -> DeliveryState.FAILED;
			case WITHDRAWN -> DeliveryState.WITHDRAWN;
			case COMPLAINED -> throw new IllegalArgumentException("A complaint ends no message; see complained()");
		};
	}

	/** How one message ended, to be recorded with others ({@link #recordAll}). */
	record Outcome(Delivery delivery, DeliveryOutcome outcome, String detail, String messageId) {
	}

	/** Records a bounce of a sent message, in the caller's transaction. */
	boolean bounced(Delivery delivery, String detail) {
		if (!this.log.bounce(delivery, detail)) {
			return false;
		}
		publish(delivery, DeliveryOutcome.BOUNCED, detail);
		return true;
	}

	/**
	 * Reports a complaint about a sent message, in the caller's transaction; the message
	 * stays sent.
	 */
	void complained(Delivery delivery) {
		publish(delivery, DeliveryOutcome.COMPLAINED, "complaint");
	}

	private void publish(Delivery delivery, DeliveryOutcome outcome, String detail) {
		Instant now = this.clock.instant();
		this.outbox.append(Topics.DELIVERIES, delivery.subscriberId().toString(),
				DeliveryRecorded.of(delivery.subscriberId(), delivery.campaignId(), delivery.kind(),
						delivery.messageKey(), delivery.waveKey(), outcome, detail, now));
		this.metrics.recorded(delivery, outcome, now);
	}

}

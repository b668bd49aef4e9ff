package nl.tijdig.scheduler.fanout;

import java.time.Clock;
import java.time.Instant;

import nl.tijdig.scheduler.audience.AudienceChanged;
import nl.tijdig.scheduler.campaign.CampaignSchedules;
import nl.tijdig.scheduler.fanout.WaveDispatches.Dispatch;
import nl.tijdig.scheduler.fanout.WaveDispatches.Passed;
import nl.tijdig.scheduler.fanout.WaveDispatches.State;
import nl.tijdig.scheduler.reminder.Reminders;
import nl.tijdig.scheduler.wave.WavePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A confirmation that reaches this service after the fan-out of a wave went past the
 * subscriber, although they confirmed before the wave started: Kafka lag, or a consumer
 * that was down. They belong to the wave's audience but the fan-out could not see them,
 * so they get the wave now. Only the latest wave, as the missed-wave rule would have it,
 * and never a wave after the deadline.
 * <p>
 * The dispatch row is locked for the check: a batch of the same wave either committed
 * before (its checkpoint tells whether it passed the subscriber) or runs after this
 * transaction commits, and then sees the subscriber. Either way, once.
 */
@Component
class LateConfirmations {

	private static final Logger logger = LoggerFactory.getLogger(LateConfirmations.class);

	private final WaveDispatches dispatches;

	private final CampaignSchedules campaigns;

	private final Reminders reminders;

	private final Clock clock;

	LateConfirmations(WaveDispatches dispatches, CampaignSchedules campaigns, Reminders reminders, Clock clock) {
		this.dispatches = dispatches;
		this.campaigns = campaigns;
		this.reminders = reminders;
		this.clock = clock;
	}

	// Runs inside the audience's transaction (see AudienceChanged).
	@EventListener
	void on(AudienceChanged change) {
		if (!change.becameConfirmed()) {
			return;
		}
		Instant confirmedAt = (change.confirmedAt() != null) ? change.confirmedAt() : change.time();
		Passed latest = this.dispatches.lockLatest(change.campaignId(), change.subscriberId()).orElse(null);
		if (latest == null || !latest.passed()) {
			return;
		}
		Dispatch wave = latest.dispatch();
		// Confirmed after the wave started: a late joiner, who gets only the waves ahead.
		if (wave.state() == State.STOPPED || confirmedAt.isAfter(wave.startedAt())) {
			return;
		}
		Instant now = this.clock.instant();
		WavePlan plan = this.campaigns.publishedPlan(change.campaignId()).orElse(null);
		if (plan == null || plan.message(wave.waveKey()).isEmpty()
				|| (!wave.isGoodbye() && !now.isBefore(plan.deadline()))) {
			return;
		}
		logger.info(
				"Subscriber {} confirmed before wave '{}' of campaign {} started, but was seen only after its "
						+ "fan-out passed them: requesting it now",
				change.subscriberId(), wave.waveKey(), change.campaignId());
		this.reminders.request(wave.reminderFor(change.subscriberId(), change.version(), now));
	}

}

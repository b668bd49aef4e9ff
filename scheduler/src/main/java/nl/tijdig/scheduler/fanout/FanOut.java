package nl.tijdig.scheduler.fanout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import nl.tijdig.events.WaveProgressed.Phase;
import nl.tijdig.scheduler.audience.ConfirmedAudience;
import nl.tijdig.scheduler.campaign.CampaignSchedules;
import nl.tijdig.scheduler.fanout.WaveDispatches.Dispatch;
import nl.tijdig.scheduler.fanout.WaveDispatches.State;
import nl.tijdig.scheduler.reminder.Reminders;
import nl.tijdig.scheduler.wave.ScheduledWave;
import nl.tijdig.scheduler.wave.WaveDecision;
import nl.tijdig.scheduler.wave.WavePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Turns a fire of a campaign's trigger into reminder requests: decides by the
 * {@link WavePlan#decide rule} what is due, records it under the wave's unique dispatch
 * row, then pages through the audience a batch per transaction.
 * <p>
 * Safe to run any number of times, at once, on any instance: the dispatch row decides
 * whether a wave starts, and its row lock lets one batch at a time move its checkpoint.
 * Each page of reminder requests goes straight to Kafka, and the checkpoint moves once
 * the broker has acknowledged the whole page; the wave's progress goes through the outbox
 * in the same transaction.
 */
@Service
class FanOut {

	private static final Logger logger = LoggerFactory.getLogger(FanOut.class);

	private final CampaignSchedules campaigns;

	private final WaveDispatches dispatches;

	private final ConfirmedAudience audience;

	private final Reminders reminders;

	private final WaveProgress progress;

	private final TransactionOperations transactions;

	private final Clock clock;

	private final FanOutProperties properties;

	private final FanOutMetrics metrics;

	FanOut(CampaignSchedules campaigns, WaveDispatches dispatches, ConfirmedAudience audience, Reminders reminders,
			WaveProgress progress, TransactionOperations transactions, Clock clock, FanOutProperties properties,
			FanOutMetrics metrics) {
		this.campaigns = campaigns;
		this.dispatches = dispatches;
		this.audience = audience;
		this.reminders = reminders;
		this.progress = progress;
		this.transactions = transactions;
		this.clock = clock;
		this.properties = properties;
		this.metrics = metrics;
	}

	/**
	 * Dispatches what is due for a campaign and finishes every fan-out of it that is not
	 * finished, including one a crashed instance left half-way.
	 * @param firedAt when the trigger was meant to fire; a fire a moment early by this
	 * clock still counts as on time
	 */
	void run(UUID campaignId, Instant firedAt) {
		Instant now = this.clock.instant();
		decide(campaignId, now.isBefore(firedAt) ? firedAt : now);
		for (String waveKey : this.dispatches.unfinished(campaignId)) {
			while (batch(campaignId, waveKey, this.properties.batchSize())) {
				// each batch is its own transaction; the next one resumes after it
			}
		}
	}

	/** Records what the rule says is due or missed now: one transaction. */
	void decide(UUID campaignId, Instant now) {
		ScheduledWave started = this.transactions.execute((status) -> {
			Optional<WavePlan> plan = this.campaigns.publishedPlan(campaignId);
			if (plan.isEmpty()) {
				return null;
			}
			this.dispatches.lockCampaign(campaignId);
			WaveDecision decision = plan.get().decide(now, this.dispatches.handled(campaignId));
			decision.skip().forEach((wave) -> {
				this.dispatches.skip(campaignId, wave, now);
				logger.info("Skipped wave '{}' of campaign {}, due at {}: a later wave is due or the deadline passed",
						wave.key(), campaignId, wave.fireAt());
			});
			ScheduledWave wave = decision.dispatch().orElse(null);
			if (wave == null || !this.dispatches.start(campaignId, wave, now)) {
				return null;
			}
			logger.info("Started wave '{}' of campaign {}, due at {}", wave.key(), campaignId, wave.fireAt());
			this.progress.report(campaignId, wave.key(), Phase.STARTED, 0, now);
			return wave;
		});
		if (started != null) {
			this.metrics.started(campaignId, Duration.between(started.fireAt(), now));
		}
	}

	/**
	 * Requests the next batch of a fan-out and moves its checkpoint once Kafka has
	 * acknowledged the batch, in one transaction; counted once it committed.
	 * @return whether there may be more
	 */
	boolean batch(UUID campaignId, String waveKey, int size) {
		return batch(campaignId, size, () -> this.dispatches.lock(campaignId, waveKey));
	}

	/**
	 * Takes up a fan-out that has not moved for {@code stalledAfter}, typically because
	 * its run failed while the database was away and Quartz, whose job store is in the
	 * same database, could not store the retry either. The first batch claims it: if
	 * another instance holds its row or it moved meanwhile, this leaves it alone. Then it
	 * goes on like any run, a batch per transaction from the checkpoint; the rules that
	 * stop a fan-out (closed, deadline passed) apply as they would to a run.
	 */
	void resume(UUID campaignId, String waveKey, Duration stalledAfter) {
		int size = this.properties.batchSize();
		boolean more = batch(campaignId, size, () -> {
			Optional<Dispatch> claimed = this.dispatches.claimStalled(campaignId, waveKey, stalledAfter);
			claimed.ifPresent((dispatch) -> logger.info(
					"Resuming wave '{}' of campaign {} after {} reminders: it has not moved for {} or more", waveKey,
					campaignId, dispatch.sent(), stalledAfter));
			return claimed;
		});
		while (more) {
			more = batch(campaignId, waveKey, size);
		}
	}

	private boolean batch(UUID campaignId, int size, Supplier<Optional<Dispatch>> lock) {
		Step step = this.metrics.batch(campaignId,
				() -> this.transactions.execute((status) -> nextBatch(lock.get().orElse(null), size)));
		if (step == Step.ENDED) {
			this.metrics.finished(campaignId);
		}
		return step == Step.MORE;
	}

	private Step nextBatch(Dispatch dispatch, int size) {
		if (dispatch == null || dispatch.state() != State.STARTED) {
			return Step.NONE;
		}
		UUID campaignId = dispatch.campaignId();
		String waveKey = dispatch.waveKey();
		Instant now = this.clock.instant();
		String stop = reasonToStop(dispatch, now);
		if (stop != null) {
			logger.info("Stopped wave '{}' of campaign {} after {} reminders: {}", waveKey, campaignId, dispatch.sent(),
					stop);
			finish(dispatch, State.STOPPED, dispatch.sent(), now);
			return Step.ENDED;
		}
		// Each request leaves as its row arrives from the database; the checkpoint moves
		// once all are acknowledged: a crash in between sends this page again, with the
		// same ids, and the notifier refuses the second of each.
		Reminders.Page requests = this.reminders.page();
		UUID[] last = new UUID[1];
		int[] count = new int[1];
		this.audience.page(campaignId, dispatch.startedAt(), dispatch.lastSubscriberId(), size, (subscriber) -> {
			requests.request(dispatch.reminderFor(subscriber.subscriberId(), subscriber.subscriptionVersion(), now));
			last[0] = subscriber.subscriberId();
			count[0]++;
		});
		requests.awaitAcknowledged(this.properties.sendTimeout());
		long sent = dispatch.sent() + count[0];
		if (count[0] > 0) {
			this.dispatches.checkpoint(dispatch, last[0], sent);
			this.progress.report(campaignId, waveKey, Phase.FANNED_OUT, sent, now);
		}
		if (count[0] < size) {
			logger.info("Finished wave '{}' of campaign {}: {} reminders", waveKey, campaignId, sent);
			finish(dispatch, State.FINISHED, sent, now);
			return Step.ENDED;
		}
		return Step.MORE;
	}

	/**
	 * Why a fan-out must not go on: the campaign closed, the wave left its plan, or the
	 * deadline passed (after which only the goodbye goes out).
	 */
	private String reasonToStop(Dispatch dispatch, Instant now) {
		Optional<WavePlan> plan = this.campaigns.publishedPlan(dispatch.campaignId());
		if (plan.isEmpty()) {
			return "the campaign is closed";
		}
		if (plan.get().message(dispatch.waveKey()).isEmpty()) {
			return "the wave is no longer in the campaign";
		}
		if (!dispatch.isGoodbye() && !now.isBefore(plan.get().deadline())) {
			return "the deadline has passed";
		}
		return null;
	}

	private void finish(Dispatch dispatch, State state, long sent, Instant now) {
		this.dispatches.finish(dispatch, state, now);
		this.progress.report(dispatch.campaignId(), dispatch.waveKey(), Phase.FINISHED, sent, now);
	}

	/** What a batch did. */
	private enum Step {

		/** Requested a full batch: there may be more. */
		MORE,

		/** Finished or stopped the fan-out. */
		ENDED,

		/** Nothing: the fan-out was not running (any more). */
		NONE

	}

}

package nl.tijdig.scheduler.fanout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import nl.tijdig.events.WaveProgressed.Phase;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.scheduler.audience.ConfirmedAudience;
import nl.tijdig.scheduler.audience.ConfirmedAudience.Confirmed;
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
 * the broker has acknowledged the whole page, a transaction later: while one page is in
 * flight the next is read and sent. The wave's progress goes through the outbox in the
 * transaction that moves the checkpoint.
 */
@Service
class FanOut implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FanOut.class);

	// Rows per task of a sending thread: a few per fetch of the audience's cursor.
	private static final int CHUNK = 250;

	private final CampaignSchedules campaigns;

	private final WaveDispatches dispatches;

	private final ConfirmedAudience audience;

	private final Reminders reminders;

	private final WaveProgress progress;

	private final TransactionOperations transactions;

	private final Clock clock;

	private final FanOutProperties properties;

	private final FanOutMetrics metrics;

	private final ExecutorService sending;

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
		AtomicInteger threads = new AtomicInteger();
		this.sending = Executors.newFixedThreadPool(properties.sendingThreads(), (task) -> {
			Thread thread = new Thread(task, "fan-out-sending-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Dispatches what is due for a campaign and finishes every fan-out of it that is not
	 * finished, including one a crashed instance left half-way (once it has stalled, if
	 * that instance left a page in flight).
	 * @param firedAt when the trigger was meant to fire; a fire a moment early by this
	 * clock still counts as on time
	 */
	void run(UUID campaignId, Instant firedAt) {
		Instant now = this.clock.instant();
		decide(campaignId, now.isBefore(firedAt) ? firedAt : now);
		for (String waveKey : this.dispatches.unfinished(campaignId)) {
			fanOut(campaignId, waveKey, () -> this.dispatches.lock(campaignId, waveKey), false);
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
	 * acknowledged the batch, in one transaction, leaving no page in flight; counted once
	 * it committed.
	 * @return whether there may be more
	 */
	boolean batch(UUID campaignId, String waveKey, int size) {
		return step(campaignId, size, () -> this.dispatches.lock(campaignId, waveKey), null, false, false)
			.step() == Step.MORE;
	}

	/**
	 * Takes up a fan-out that has not moved for {@code stalledAfter}, typically because
	 * its run failed while the database was away and Quartz, whose job store is in the
	 * same database, could not store the retry either. The first batch claims it: if
	 * another instance holds its row or it moved meanwhile, this leaves it alone; a page
	 * its last run left in flight is sent again from the checkpoint. Then it goes on like
	 * any run; the rules that stop a fan-out (closed, deadline passed) apply as they
	 * would to a run.
	 */
	void resume(UUID campaignId, String waveKey, Duration stalledAfter) {
		fanOut(campaignId, waveKey, () -> {
			Optional<Dispatch> claimed = this.dispatches.claimStalled(campaignId, waveKey, stalledAfter);
			claimed.ifPresent((dispatch) -> logger.info(
					"Resuming wave '{}' of campaign {} after {} reminders: it has not moved for {} or more", waveKey,
					campaignId, dispatch.sent(), stalledAfter));
			return claimed;
		}, true);
	}

	/**
	 * Pages through a fan-out a transaction at a time, each reading and sending the next
	 * page while the one before is in flight, and moving the checkpoint to that one once
	 * it is acknowledged: the database and the broker work at the same time rather than
	 * in turn.
	 */
	private void fanOut(UUID campaignId, String waveKey, Supplier<Optional<Dispatch>> first, boolean takeOver) {
		int size = this.properties.batchSize();
		Outcome outcome = step(campaignId, size, first, null, takeOver, true);
		while (outcome.step() == Step.MORE) {
			try {
				outcome = step(campaignId, size, () -> this.dispatches.lock(campaignId, waveKey), outcome.inFlight(),
						false, true);
			}
			catch (RuntimeException ex) {
				release(campaignId, waveKey, outcome.inFlight());
				throw ex;
			}
		}
	}

	/**
	 * Gives up the page this run has in flight after the run failed (the broker went
	 * away, its acknowledgements did not come in time): the retry then resumes from the
	 * checkpoint at once, sending the page again with the same ids, rather than leave it
	 * to {@link StalledFanOuts} as it must for a run that died. If the database is away
	 * too, the sweep takes it up.
	 */
	private void release(UUID campaignId, String waveKey, InFlight page) {
		if (page == null) {
			return;
		}
		try {
			this.transactions.executeWithoutResult((status) -> this.dispatches.lock(campaignId, waveKey)
				.filter(page::isStillOut)
				// Requested through the checkpoint itself: no page in flight.
				.ifPresent((dispatch) -> new Checkpoint(dispatch, this.clock.instant())
					.record(dispatch.lastSubscriberId())));
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot give up the page in flight of wave '{}' of campaign {}; the sweep will take it up: {}",
					waveKey, campaignId, ex.getMessage());
		}
	}

	private Outcome step(UUID campaignId, int size, Supplier<Optional<Dispatch>> lock, InFlight inFlight,
			boolean takeOver, boolean keepInFlight) {
		Outcome outcome = this.metrics.batch(campaignId, () -> this.transactions
			.execute((status) -> nextBatch(lock.get().orElse(null), size, inFlight, takeOver, keepInFlight)));
		if (outcome.step() == Step.ENDED) {
			this.metrics.finished(campaignId);
		}
		return outcome;
	}

	/**
	 * One transaction of a fan-out, under its row lock: sends the next page, then waits
	 * for the page this run had in flight, and moves the checkpoint past it. The new page
	 * stays in flight ({@code keepInFlight}) unless it is the last; its end is recorded,
	 * so that another run leaves the fan-out alone meanwhile and a late confirmation
	 * counts it as passed. A crash with a page in flight sends it again from the
	 * checkpoint, with the same ids, and the notifier refuses the second of each.
	 */
	private Outcome nextBatch(Dispatch dispatch, int size, InFlight inFlight, boolean takeOver, boolean keepInFlight) {
		if (dispatch == null || dispatch.state() != State.STARTED) {
			return Outcome.NONE;
		}
		InFlight ours = (inFlight != null && inFlight.isStillOut(dispatch)) ? inFlight : null;
		if (ours == null && dispatch.hasPageInFlight() && !takeOver) {
			// Another run's page (or this run's, taken over since): left to that run, or,
			// if it died, to StalledFanOuts once the fan-out has not moved for a while.
			return Outcome.NONE;
		}
		UUID campaignId = dispatch.campaignId();
		String waveKey = dispatch.waveKey();
		Instant now = this.clock.instant();
		Checkpoint checkpoint = new Checkpoint(dispatch, now);
		String stop = reasonToStop(dispatch, now);
		if (stop != null) {
			if (ours != null) {
				checkpoint.acknowledged(ours);
			}
			checkpoint.record(checkpoint.last);
			logger.info("Stopped wave '{}' of campaign {} after {} reminders: {}", waveKey, campaignId, checkpoint.sent,
					stop);
			finish(dispatch, State.STOPPED, checkpoint.sent, now);
			return Outcome.ENDED;
		}
		InFlight page = send(dispatch, (ours != null) ? ours.last() : checkpoint.last, size, now);
		if (ours != null) {
			checkpoint.acknowledged(ours);
		}
		boolean last = page.count() < size;
		if (last || !keepInFlight) {
			checkpoint.acknowledged(page);
			checkpoint.record(checkpoint.last);
		}
		else {
			checkpoint.record(page.last());
		}
		if (last) {
			logger.info("Finished wave '{}' of campaign {}: {} reminders", waveKey, campaignId, checkpoint.sent);
			finish(dispatch, State.FINISHED, checkpoint.sent, now);
			return Outcome.ENDED;
		}
		return keepInFlight ? new Outcome(Step.MORE, page.withCheckpoint(checkpoint.last, checkpoint.sent))
				: Outcome.MORE;
	}

	/**
	 * Requests the next page of the audience after {@code after}: the rows are handed to
	 * the sending threads in chunks as they arrive from the database, so that building
	 * and sending the requests no longer waits for each fetch of the cursor, nor the
	 * cursor for them.
	 */
	private InFlight send(Dispatch dispatch, UUID after, int size, Instant now) {
		Reminders.Page requests = this.reminders.page();
		Function<Confirmed, ReminderRequested> reminder = (subscriber) -> dispatch
			.reminderFor(subscriber.subscriberId(), subscriber.subscriptionVersion(), now);
		List<Confirmed> chunk = new ArrayList<>(CHUNK);
		UUID[] last = new UUID[1];
		int[] count = new int[1];
		this.audience.page(dispatch.campaignId(), dispatch.startedAt(), after, size, (subscriber) -> {
			chunk.add(subscriber);
			if (chunk.size() == CHUNK) {
				requests.requestAll(List.copyOf(chunk), reminder, this.sending);
				chunk.clear();
			}
			last[0] = subscriber.subscriberId();
			count[0]++;
		});
		if (!chunk.isEmpty()) {
			requests.requestAll(List.copyOf(chunk), reminder, this.sending);
		}
		return new InFlight(requests, (count[0] > 0) ? last[0] : after, count[0], null, 0);
	}

	@Override
	public void close() {
		this.sending.shutdownNow();
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

	/** Where a transaction takes a fan-out's checkpoint, reported as it moves. */
	private final class Checkpoint {

		private final Dispatch dispatch;

		private final Instant now;

		private UUID last;

		private long sent;

		Checkpoint(Dispatch dispatch, Instant now) {
			this.dispatch = dispatch;
			this.now = now;
			this.last = dispatch.lastSubscriberId();
			this.sent = dispatch.sent();
		}

		/** Waits until Kafka has acknowledged the page and counts it as sent. */
		void acknowledged(InFlight page) {
			page.requests().awaitAcknowledged(FanOut.this.properties.sendTimeout());
			if (page.count() > 0) {
				this.last = page.last();
				this.sent += page.count();
				FanOut.this.progress.report(this.dispatch.campaignId(), this.dispatch.waveKey(), Phase.FANNED_OUT,
						this.sent, this.now);
			}
		}

		/**
		 * Writes the checkpoint and how far the requests went beyond it, if either moved.
		 */
		void record(UUID requestedThrough) {
			if (!Objects.equals(this.last, this.dispatch.lastSubscriberId())
					|| !Objects.equals(requestedThrough, this.dispatch.requestedThrough())) {
				FanOut.this.dispatches.checkpoint(this.dispatch, this.last, this.sent, requestedThrough);
			}
		}

	}

	/**
	 * A page of requests sent, ending at {@code last}, and the checkpoint and count the
	 * transaction that sent it committed beside it.
	 */
	private record InFlight(Reminders.Page requests, UUID last, int count, UUID checkpoint, long sent) {

		InFlight withCheckpoint(UUID checkpoint, long sent) {
			return new InFlight(this.requests, this.last, this.count, checkpoint, sent);
		}

		/** Whether the fan-out is where this run left it: nobody took it over since. */
		boolean isStillOut(Dispatch dispatch) {
			return Objects.equals(dispatch.requestedThrough(), this.last)
					&& Objects.equals(dispatch.lastSubscriberId(), this.checkpoint) && dispatch.sent() == this.sent;
		}

	}

	/** What a transaction did, and the page it left in flight. */
	private record Outcome(Step step, InFlight inFlight) {

		static final Outcome MORE = new Outcome(Step.MORE, null);

		static final Outcome ENDED = new Outcome(Step.ENDED, null);

		static final Outcome NONE = new Outcome(Step.NONE, null);

	}

	/** What a batch did. */
	private enum Step {

		/** Requested a full batch: there may be more. */
		MORE,

		/** Finished or stopped the fan-out. */
		ENDED,

		/**
		 * Nothing: the fan-out was not running (any more), or another run has a page in
		 * flight.
		 */
		NONE

	}

}

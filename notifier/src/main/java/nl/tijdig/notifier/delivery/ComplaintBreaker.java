package nl.tijdig.notifier.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import nl.tijdig.events.SendingStateChanged;
import nl.tijdig.events.Topics;
import nl.tijdig.outbox.Outbox;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pauses a campaign's sending when its readers complain too often: above
 * {@code tijdig.notifier.complaints.max-rate} complaints per message sent, once it has
 * sent {@code min-sent}. Mailbox providers judge a sender by its complaint rate and start
 * refusing all of its mail at about 0.3 %, every campaign's; a campaign that annoys its
 * readers must stop before it costs the others their delivery. The pause is in the
 * database, so every instance holds it: no sending thread takes the campaign's messages,
 * which wait in the delivery log. Operators learn of it on {@code tijdig.sending} (the
 * console's banner, where an operator resumes it), in the log and in the gauge
 * {@code tijdig.notifier.campaign.sending.paused}.
 * <p>
 * Checked in the transaction that records each complaint (the rate only rises with a
 * complaint) and every {@code check-every} for campaigns with complaints (whose first
 * ones may have come before they had sent enough to count).
 */
@Component
class ComplaintBreaker implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ComplaintBreaker.class);

	private final CampaignSending sending;

	private final ComplaintProperties properties;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final DeliveryMetrics metrics;

	private final Clock clock;

	private ScheduledExecutorService checker;

	ComplaintBreaker(CampaignSending sending, ComplaintProperties properties, Outbox outbox,
			TransactionTemplate transactions, DeliveryMetrics metrics, Clock clock) {
		this.sending = sending;
		this.properties = properties;
		this.outbox = outbox;
		this.transactions = transactions;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Pauses the campaign if its complaints since the last resume are too many, in the
	 * caller's transaction.
	 * @return whether this call paused it
	 */
	boolean check(UUID campaignId) {
		CampaignSending.Numbers numbers = this.sending.numbers(campaignId);
		if (numbers.pausedSince() != null
				|| !this.properties.tooMany(numbers.complaintsCounted(), numbers.sentCounted())) {
			return false;
		}
		Optional<Instant> since = this.sending.pause(campaignId, numbers.complaintsCounted(), numbers.sentCounted());
		if (since.isEmpty()) {
			return false;
		}
		logger.error("Sending of campaign " + campaignId + " paused: " + numbers.complaintsCounted() + " complaints in "
				+ numbers.sentCounted() + " messages sent is above " + (this.properties.maxRate() * 100)
				+ " %; an operator resumes it in the console");
		this.outbox.append(Topics.SENDING, campaignId.toString(),
				SendingStateChanged.ofCampaign(campaignId, SendingStateChanged.State.PAUSED, since.get(),
						numbers.complaintsCounted(), numbers.sentCounted(), this.clock.instant()));
		return true;
	}

	/**
	 * Ends the campaign's pause that began at {@code since}, in its own transaction.
	 * @return whether that pause was in force; a request for a pause that ended, or one
	 * older than the pause in force, changes nothing
	 */
	boolean resume(UUID campaignId, Instant since, String operator) {
		Boolean resumed = this.transactions.execute((status) -> {
			if (!this.sending.resume(campaignId, since)) {
				return false;
			}
			CampaignSending.Numbers numbers = this.sending.numbers(campaignId);
			this.outbox.append(Topics.SENDING, campaignId.toString(),
					SendingStateChanged.ofCampaign(campaignId, SendingStateChanged.State.RESUMED, since,
							numbers.complaints(), numbers.sent(), this.clock.instant()));
			return true;
		});
		if (Boolean.TRUE.equals(resumed)) {
			logger.info("Sending of campaign " + campaignId + " resumed by " + operator + " after pausing since "
					+ since + "; complaints count afresh from now");
			return true;
		}
		logger.info("Request by " + operator + " to resume campaign " + campaignId + " from a pause since " + since
				+ ": no such pause in force, nothing to do");
		return false;
	}

	/** Checks every watched campaign and refreshes the per-campaign gauges. */
	void checkAll() {
		for (UUID campaignId : this.sending.watched()) {
			this.transactions.executeWithoutResult((status) -> check(campaignId));
		}
		List<DeliveryMetrics.CampaignNumbers> shown = new ArrayList<>();
		for (CampaignSending.Slug campaign : this.sending.shown()) {
			CampaignSending.Numbers numbers = this.sending.numbers(campaign.campaignId());
			shown.add(new DeliveryMetrics.CampaignNumbers(campaign.slug(), numbers.complaintRate(),
					numbers.bounceRate(), numbers.pausedSince() != null));
		}
		this.metrics.campaigns(shown);
	}

	private void checkQuietly() {
		try {
			checkAll();
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot count the campaigns' complaints now; will try again: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.error("Counting the campaigns' complaints failed", ex);
		}
	}

	@Override
	public synchronized void start() {
		this.checker = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "complaint-breaker");
			thread.setDaemon(true);
			return thread;
		});
		long every = this.properties.checkEvery().toMillis();
		this.checker.scheduleWithFixedDelay(this::checkQuietly, every, every, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.checker != null) {
			this.checker.shutdownNow();
			this.checker = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.checker != null;
	}

}

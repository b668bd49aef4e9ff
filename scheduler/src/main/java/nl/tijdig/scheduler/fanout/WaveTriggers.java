package nl.tijdig.scheduler.fanout;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

import nl.tijdig.scheduler.campaign.CampaignChanged;
import nl.tijdig.scheduler.campaign.CampaignSchedules;
import nl.tijdig.scheduler.wave.ScheduledWave;
import nl.tijdig.scheduler.wave.WavePlan;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Keeps Quartz's triggers in step with the campaigns: one durable job per published
 * campaign, one trigger per wave not yet handled and one at the deadline for the goodbye.
 * A trigger only wakes the campaign's job; {@link FanOut} decides what is due, so a late,
 * double or extra fire is harmless.
 * <p>
 * Quartz's job store is in this service's database and Spring's job store joins the
 * caller's transaction: the triggers change in the transaction that stores the campaign.
 */
@Component
class WaveTriggers {

	static final String GROUP = "campaign-waves";

	private static final Logger logger = LoggerFactory.getLogger(WaveTriggers.class);

	private final Scheduler scheduler;

	private final WaveDispatches dispatches;

	private final CampaignSchedules campaigns;

	private final TransactionOperations transactions;

	private final Clock clock;

	WaveTriggers(Scheduler scheduler, WaveDispatches dispatches, CampaignSchedules campaigns,
			TransactionOperations transactions, Clock clock) {
		this.scheduler = scheduler;
		this.dispatches = dispatches;
		this.campaigns = campaigns;
		this.transactions = transactions;
		this.clock = clock;
	}

	// Runs inside the transaction that stored the campaign (see CampaignChanged).
	@EventListener
	void on(CampaignChanged change) {
		reschedule(change.campaignId(), change.plan());
	}

	/**
	 * Brings every published campaign's triggers up to date at start-up: campaigns stored
	 * before this version had none, and a fan-out left unfinished by a failure gets a
	 * fire to resume it.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void rescheduleAll() {
		for (UUID campaignId : this.campaigns.published()) {
			try {
				this.transactions.executeWithoutResult(
						(status) -> reschedule(campaignId, this.campaigns.publishedPlan(campaignId).orElse(null)));
			}
			catch (RuntimeException ex) {
				logger.warn("Could not reschedule the waves of campaign {}", campaignId, ex);
			}
		}
	}

	/**
	 * Replaces the campaign's triggers: one per wave (and the goodbye) still ahead, plus
	 * one firing now when something is already due or a fan-out is unfinished. A closed
	 * or removed campaign ({@code plan} {@code null}) loses its job and triggers.
	 */
	void reschedule(UUID campaignId, WavePlan plan) {
		try {
			JobKey job = jobKey(campaignId);
			if (plan == null) {
				this.scheduler.deleteJob(job);
				return;
			}
			JobDetail detail = JobBuilder.newJob(WaveJob.class)
				.withIdentity(job)
				.usingJobData(WaveJob.CAMPAIGN_ID, campaignId.toString())
				.storeDurably()
				// Quartz re-runs a fan-out whose instance died mid-way on another one.
				.requestRecovery()
				.build();
			this.scheduler.addJob(detail, true);
			for (Trigger trigger : this.scheduler.getTriggersOfJob(job)) {
				this.scheduler.unscheduleJob(trigger.getKey());
			}
			Instant now = this.clock.instant();
			Set<String> handled = this.dispatches.handled(campaignId);
			boolean dueNow = !this.dispatches.unfinished(campaignId).isEmpty();
			for (ScheduledWave message : plan.messages()) {
				if (handled.contains(message.key())) {
					continue;
				}
				if (message.fireAt().isAfter(now)) {
					schedule(detail, campaignId, message.messageKey(), message.fireAt());
				}
				else {
					dueNow = true;
				}
			}
			if (dueNow) {
				// One fire for everything missed: the rule picks what still goes out.
				schedule(detail, campaignId, "due-now", now);
			}
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not schedule the waves of campaign " + campaignId, ex);
		}
	}

	private void schedule(JobDetail job, UUID campaignId, String name, Instant at) throws SchedulerException {
		this.scheduler.scheduleJob(TriggerBuilder.newTrigger()
			.forJob(job)
			.withIdentity(triggerKey(campaignId, name))
			.startAt(Date.from(at))
			// Down at the fire time: fire on recovery, and let the missed-wave rule
			// decide.
			.withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
			.build());
	}

	static JobKey jobKey(UUID campaignId) {
		return JobKey.jobKey(campaignId.toString(), GROUP);
	}

	static TriggerKey triggerKey(UUID campaignId, String name) {
		return TriggerKey.triggerKey(campaignId + "/" + name, GROUP);
	}

}

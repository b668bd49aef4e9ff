package nl.tijdig.scheduler.fanout;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Quartz runs when one of a campaign's triggers fires. Created by Spring's job
 * factory for each fire, so it takes its collaborators in its constructor. Quartz lets
 * one instance of the cluster run a campaign's job at a time; the dispatch rows make it
 * correct even if two ran.
 */
@DisallowConcurrentExecution
class WaveJob implements Job {

	static final String CAMPAIGN_ID = "campaignId";

	/** How long after a failed run (typically the database away) the job tries again. */
	static final Duration RETRY_DELAY = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(WaveJob.class);

	private final FanOut fanOut;

	WaveJob(FanOut fanOut) {
		this.fanOut = fanOut;
	}

	@Override
	public void execute(JobExecutionContext context) {
		UUID campaignId = UUID.fromString(context.getMergedJobDataMap().getString(CAMPAIGN_ID));
		try {
			this.fanOut.run(campaignId, context.getScheduledFireTime().toInstant());
		}
		catch (RuntimeException ex) {
			logger.warn("Waves of campaign {} failed; trying again in {}", campaignId, RETRY_DELAY, ex);
			retry(context, campaignId);
		}
	}

	/**
	 * The trigger that fired is used up; this retry, a later trigger of the campaign, the
	 * next start (which reschedules every campaign) or {@link StalledFanOuts} resumes the
	 * fan-out from its checkpoint. The retry is stored in Quartz's tables, in the
	 * database that may just have failed: only the sweep does not depend on it.
	 */
	private void retry(JobExecutionContext context, UUID campaignId) {
		try {
			context.getScheduler()
				.scheduleJob(TriggerBuilder.newTrigger()
					.forJob(context.getJobDetail())
					.withIdentity(WaveTriggers.triggerKey(campaignId, "retry-" + Instant.now().toEpochMilli()))
					.startAt(Date.from(Instant.now().plus(RETRY_DELAY)))
					.withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
					.build());
		}
		catch (SchedulerException | RuntimeException ex) {
			logger.error("Could not schedule a retry of campaign {}; a fan-out it left unfinished is resumed "
					+ "once the database is back", campaignId, ex);
		}
	}

}

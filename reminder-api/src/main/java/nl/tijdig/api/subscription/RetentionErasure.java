package nl.tijdig.api.subscription;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.campaign.Campaigns;

/**
 * Erases the subscribers of every campaign whose time to keep personal data has run out
 * ({@code data_erasure_at}, set in the console as days after the deadline), exactly as
 * the "delete my data" link does. The campaign and its content stay, and so do the
 * console's counts, which count each erasure.
 * <p>
 * Each batch is one transaction that locks its rows with {@code SKIP LOCKED}: instances
 * running at once take different subscribers, a link clicked meanwhile waits for the
 * batch and then finds nobody, and a run that dies leaves the rest for the next one.
 */
@Component
class RetentionErasure implements SchedulingConfigurer {

	private static final Log logger = LogFactory.getLog(RetentionErasure.class);

	private final Campaigns campaigns;

	private final Subscribers subscribers;

	private final Erasure erasure;

	private final TransactionTemplate transactions;

	private final ErasureProperties properties;

	private final Clock clock;

	RetentionErasure(Campaigns campaigns, Subscribers subscribers, Erasure erasure, TransactionTemplate transactions,
			ErasureProperties properties, Clock clock) {
		this.campaigns = campaigns;
		this.subscribers = subscribers;
		this.erasure = erasure;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Runs every {@code tijdig.erasure.check-every}, the first time as long after start.
	 */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(
				new FixedDelayTask(this::eraseExpired, this.properties.checkEvery(), this.properties.checkEvery()));
	}

	/**
	 * Erases the subscribers of every campaign past its {@code data_erasure_at}.
	 * @return how many subscribers this run erased
	 */
	int eraseExpired() {
		int total = 0;
		for (Campaign campaign : this.campaigns.pastDataErasure(this.clock.instant())) {
			int erased = 0;
			int batch;
			do {
				batch = this.transactions.execute((tx) -> eraseBatch(campaign));
				erased += batch;
			}
			// An empty batch rather than a short one ends it: rows another instance holds
			// now are its to erase, and those it gives back are found by the next run.
			while (batch > 0);
			if (erased > 0) {
				logger.info("Erased " + erased + " subscribers of campaign '" + campaign.slug()
						+ "': its time to keep personal data ended at " + campaign.dataErasureAt());
			}
			total += erased;
		}
		return total;
	}

	private int eraseBatch(Campaign campaign) {
		List<UUID> batch = this.subscribers.lockBatch(campaign.id(), this.properties.batchSize());
		batch.forEach((subscriberId) -> this.erasure.erase(subscriberId, Erasure.Reason.RETENTION));
		return batch.size();
	}

}

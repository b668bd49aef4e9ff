package nl.tijdig.scheduler.inbox;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The events this service has processed, recorded before it acts on one: Kafka delivers
 * at least once, and the unique event id decides whether a delivery is the first.
 */
@Component
public class ProcessedEvents {

	private static final int PRUNE_BATCH = 10_000;

	private final JdbcClient jdbc;

	private final InboxProperties properties;

	ProcessedEvents(JdbcClient jdbc, InboxProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Records the event as processed. Mandatory transaction: the mark must commit or roll
	 * back together with what the caller does about the event, or a crash in between
	 * would lose the event or act on it twice.
	 * @return {@code true} on the first delivery of the event, {@code false} on a
	 * redelivery
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean markProcessed(UUID eventId) {
		int inserted = this.jdbc.sql("""
				insert into processed_event (event_id, processed_at) values (:eventId, now())
				on conflict (event_id) do nothing
				""").param("eventId", eventId).update();
		return inserted == 1;
	}

	/**
	 * Forgets ids older than the retention, a batch at a time so no transaction grows
	 * large. Every instance may run it; deleting twice is harmless.
	 * @return how many ids were forgotten
	 */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	public int prune() {
		int total = 0;
		int deleted;
		do {
			deleted = this.jdbc.sql("""
					delete from processed_event where event_id in (
					  select event_id from processed_event
					  where processed_at < now() - make_interval(secs => :seconds) limit :batch)
					""").param("seconds", this.properties.retention().toSeconds()).param("batch", PRUNE_BATCH).update();
			total += deleted;
		}
		while (deleted == PRUNE_BATCH);
		return total;
	}

}

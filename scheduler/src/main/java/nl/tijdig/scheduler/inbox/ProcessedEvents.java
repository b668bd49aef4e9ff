package nl.tijdig.scheduler.inbox;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The events this service has processed, recorded before it acts on one: Kafka delivers
 * at least once, and the unique event id decides whether a delivery is the first.
 */
@Component
public class ProcessedEvents {

	private final JdbcClient jdbc;

	ProcessedEvents(JdbcClient jdbc) {
		this.jdbc = jdbc;
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

}

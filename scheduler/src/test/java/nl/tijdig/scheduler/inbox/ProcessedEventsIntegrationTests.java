package nl.tijdig.scheduler.inbox;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import nl.tijdig.scheduler.SchedulerIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox of processed event ids on the real PostgreSQL: it dedupes, and it forgets.
 */
@SchedulerIntegrationTest
class ProcessedEventsIntegrationTests {

	@Autowired
	ProcessedEvents processed;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcClient jdbc;

	@Test
	void recognisesARedelivery() {
		UUID event = UUID.randomUUID();

		Boolean first = this.transactions.execute((tx) -> this.processed.markProcessed(event));
		Boolean again = this.transactions.execute((tx) -> this.processed.markProcessed(event));

		assertThat(first).isTrue();
		assertThat(again).isFalse();
	}

	@Test
	void forgetsIdsOlderThanTheRetentionAndKeepsTheRest() {
		UUID old = UUID.randomUUID();
		UUID recent = UUID.randomUUID();
		this.jdbc.sql("insert into processed_event (event_id, processed_at) values (?, now() - interval '31 days')")
			.param(old)
			.update();
		this.transactions.executeWithoutResult((tx) -> this.processed.markProcessed(recent));

		assertThat(this.processed.prune()).isGreaterThanOrEqualTo(1);

		assertThat(exists(old)).isFalse();
		assertThat(exists(recent)).isTrue();
	}

	private boolean exists(UUID event) {
		return this.jdbc.sql("select count(*) from processed_event where event_id = ?")
			.param(event)
			.query(Long.class)
			.single() == 1;
	}

}

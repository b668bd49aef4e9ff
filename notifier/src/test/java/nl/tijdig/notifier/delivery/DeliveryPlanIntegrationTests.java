package nl.tijdig.notifier.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.tijdig.testinfra.WithInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How PostgreSQL runs the statements on a message's path, planned as a prepared statement
 * is after a few runs (a generic plan), on statistics that mislead.
 */
@SpringBootTest(properties = "spring.config.name=notifier")
@WithInfrastructure
class DeliveryPlanIntegrationTests {

	private static final Pattern NAMED_PARAMETER = Pattern.compile("(?<!:):(\\w+)");

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private PlatformTransactionManager transactions;

	/**
	 * Tried: statistics taken while the log held only sent messages, then two thousand
	 * claimed, as between two waves of a campaign. The hand-over must still find its row
	 * by the primary key, not by reading the claimed rows' partial index.
	 */
	@Test
	void theHandOverFindsItsRowByThePrimaryKeyWhateverTheStatisticsSay() {
		TransactionTemplate transaction = new TransactionTemplate(this.transactions);
		String plan = transaction.execute((status) -> {
			// Rolled back: the rows, and the statistics ANALYZE took in this transaction.
			status.setRollbackOnly();
			UUID campaign = UUID.randomUUID();
			insert(campaign, "sent", "SENT", 20_000);
			this.jdbc.sql("analyze delivery").update();
			insert(campaign, "claimed", "CLAIMED", 2_000);
			this.jdbc.sql("set local plan_cache_mode = force_generic_plan").update();
			this.jdbc.sql("prepare hand_over as " + positional(DeliveryLog.HAND_OVER)).update();
			try {
				return String.join("\n",
						this.jdbc
							.sql("explain execute hand_over(20, 1, '" + UUID.randomUUID() + "', 'claimed', '"
									+ UUID.randomUUID() + "', 'x')")
							.query(String.class)
							.list());
			}
			finally {
				this.jdbc.sql("deallocate hand_over").update();
			}
		});
		assertThat(plan).contains("delivery_pkey").doesNotContain("delivery_due");
	}

	private void insert(UUID campaign, String messageKey, String state, int rows) {
		this.jdbc
			.sql("""
					insert into delivery (subscriber_id, message_key, campaign_id, kind, request_id, state, attempts,
						claimed_at, requested_at, next_attempt_at, claim_token)
					select gen_random_uuid(), :messageKey, :campaign, 'REMINDER', gen_random_uuid(), :state, 1, now(), now(),
						case when :state = 'CLAIMED' then now() end, gen_random_uuid()
					from generate_series(1, :rows)
					""")
			.param("messageKey", messageKey)
			.param("campaign", campaign)
			.param("state", state)
			.param("rows", rows)
			.update();
	}

	/** The statement with {@code $1, $2, ...} for its named parameters. */
	private static String positional(String statement) {
		Map<String, Integer> numbers = new LinkedHashMap<>();
		Matcher matcher = NAMED_PARAMETER.matcher(statement);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			int number = numbers.computeIfAbsent(matcher.group(1), (name) -> numbers.size() + 1);
			matcher.appendReplacement(result, "\\$" + number);
		}
		matcher.appendTail(result);
		return result.toString();
	}

}

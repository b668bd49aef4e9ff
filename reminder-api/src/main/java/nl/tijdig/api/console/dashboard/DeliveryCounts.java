package nl.tijdig.api.console.dashboard;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;

import static nl.tijdig.api.console.dashboard.ProcessedEvents.column;

/**
 * Counts the outcomes of messages a batch at a time: {@code tijdig.deliveries} carries
 * one event per email, too many for a transaction each. The batch's event ids are
 * recorded as processed in the transaction that counts them, before anything is counted,
 * so a redelivered event counts nothing twice, nor does one that comes twice in a batch.
 */
@Component
class DeliveryCounts {

	private static final Comparator<Outcome> BY_OUTCOME = Comparator.comparing(Outcome::campaignId)
		.thenComparing(Outcome::kind)
		.thenComparing(Outcome::waveKey)
		.thenComparing(Outcome::outcome);

	private static final Comparator<SentMinute> BY_MINUTE = Comparator.comparing(SentMinute::campaignId)
		.thenComparing(SentMinute::minute);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ProcessedEvents processed;

	DeliveryCounts(JdbcClient jdbc, TransactionTemplate transactions, ProcessedEvents processed) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.processed = processed;
	}

	/**
	 * Counts the deliveries not counted before, in one transaction.
	 * @param deliveries events that keep the contract: each has an id, campaign, kind,
	 * outcome and time
	 */
	void count(List<DeliveryRecorded> deliveries) {
		if (deliveries.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult((tx) -> {
			Set<UUID> fresh = this.processed.firstTime(deliveries.stream().map(DeliveryRecorded::id).toList());
			// Sorted, so that two consumers counting at once lock the rows in the same
			// order and cannot deadlock.
			Map<Outcome, Long> outcomes = new TreeMap<>(BY_OUTCOME);
			Map<SentMinute, Long> sent = new TreeMap<>(BY_MINUTE);
			for (DeliveryRecorded delivery : deliveries) {
				// Removed once counted: the same event twice in a batch counts once.
				if (fresh.remove(delivery.id())) {
					outcomes.merge(Outcome.of(delivery), 1L, Long::sum);
					if (delivery.outcome() == DeliveryOutcome.SENT) {
						sent.merge(
								new SentMinute(delivery.campaignId(), delivery.time().truncatedTo(ChronoUnit.MINUTES)),
								1L, Long::sum);
					}
				}
			}
			addOutcomes(outcomes);
			addSent(sent);
		});
	}

	private void addOutcomes(Map<Outcome, Long> outcomes) {
		if (outcomes.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO console_delivery (campaign_id, kind, wave_key, outcome, count)
				SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::bigint[])
				ON CONFLICT (campaign_id, kind, wave_key, outcome)
				DO UPDATE SET count = console_delivery.count + excluded.count
				""")
			.params(column(outcomes.keySet(), (outcome) -> outcome.campaignId().toString()),
					column(outcomes.keySet(), Outcome::kind), column(outcomes.keySet(), Outcome::waveKey),
					column(outcomes.keySet(), Outcome::outcome), outcomes.values().toArray(Long[]::new))
			.update();
	}

	private void addSent(Map<SentMinute, Long> sent) {
		if (sent.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO console_sent_minute (campaign_id, minute, count)
				SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::bigint[])
				ON CONFLICT (campaign_id, minute) DO UPDATE SET count = console_sent_minute.count + excluded.count
				""")
			.params(column(sent.keySet(), (minute) -> minute.campaignId().toString()),
					column(sent.keySet(), (minute) -> minute.minute().toString()), sent.values().toArray(Long[]::new))
			.update();
	}

	/** One row of {@code console_delivery}; {@code ''} for a message of no wave. */
	private record Outcome(UUID campaignId, String kind, String waveKey, String outcome) {

		static Outcome of(DeliveryRecorded delivery) {
			return new Outcome(delivery.campaignId(), delivery.kind().name(),
					(delivery.waveKey() != null) ? delivery.waveKey() : "", delivery.outcome().name());
		}

	}

	private record SentMinute(UUID campaignId, Instant minute) {
	}

}

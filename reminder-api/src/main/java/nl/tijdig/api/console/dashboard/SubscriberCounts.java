package nl.tijdig.api.console.dashboard;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import nl.tijdig.events.SubscriptionChanged;

import static nl.tijdig.api.console.dashboard.ProcessedEvents.column;

/**
 * Counts the funnel's steps from {@code tijdig.subscribers} a batch at a time, in one
 * transaction and a fixed number of statements per batch. The records are applied in
 * their order in memory, so a batch holding a sign-up, its confirmation and the
 * subscriber's erasure counts all three; only the outcome is written. A change counts
 * once by its event id, recorded as processed in the same transaction; an erasure (a
 * tombstone, which has no id) counts once because it removes the row that says which
 * campaign to count it for.
 */
@Component
class SubscriberCounts {

	static final String ERASED = "ERASED";

	private static final Comparator<Step> BY_STEP = Comparator.comparing(Step::campaignId).thenComparing(Step::step);

	private static final Comparator<StepMinute> BY_MINUTE = Comparator.comparing(StepMinute::campaignId)
		.thenComparing(StepMinute::step)
		.thenComparing(StepMinute::minute);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ProcessedEvents processed;

	SubscriberCounts(JdbcClient jdbc, TransactionTemplate transactions, ProcessedEvents processed) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.processed = processed;
	}

	/**
	 * Counts what the records say that was not counted before.
	 * @param records changes that keep the contract, and tombstones
	 */
	void count(List<SubscriberRecord> records) {
		if (records.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult((tx) -> {
			Set<UUID> fresh = this.processed.firstTime(records.stream()
				.filter((record) -> record.change() != null)
				.map((record) -> record.change().id())
				.toList());
			Map<UUID, UUID> campaignOf = campaignsOf(records);
			// Sorted, so that two consumers writing at once lock rows in one order.
			SortedMap<UUID, SubscriptionChanged> kept = new TreeMap<>();
			SortedSet<UUID> erased = new TreeSet<>();
			SortedMap<Step, Long> steps = new TreeMap<>(BY_STEP);
			SortedMap<StepMinute, Long> minutes = new TreeMap<>(BY_MINUTE);
			for (SubscriberRecord record : records) {
				UUID subscriberId = record.subscriberId();
				SubscriptionChanged change = record.change();
				if (change == null) {
					UUID campaignId = campaignOf.remove(subscriberId);
					if (campaignId != null) {
						kept.remove(subscriberId);
						erased.add(subscriberId);
						count(steps, minutes, campaignId, ERASED, record.time());
					}
				}
				// Removed once counted: the same event twice in a batch counts once.
				else if (fresh.remove(change.id())) {
					campaignOf.put(subscriberId, change.campaignId());
					erased.remove(subscriberId);
					kept.put(subscriberId, change);
					// A second request for the confirmation is no step of the funnel.
					if (change.change() != SubscriptionChanged.Change.CONFIRMATION_REQUESTED) {
						count(steps, minutes, change.campaignId(), change.change().name(), change.time());
					}
				}
			}
			forget(erased);
			keep(kept);
			addSteps(steps);
			addMinutes(minutes);
		});
	}

	private static void count(Map<Step, Long> steps, Map<StepMinute, Long> minutes, UUID campaignId, String step,
			Instant time) {
		steps.merge(new Step(campaignId, step), 1L, Long::sum);
		minutes.merge(new StepMinute(campaignId, step, time.truncatedTo(ChronoUnit.MINUTES)), 1L, Long::sum);
	}

	/** The campaigns of the subscribers whose erasure the batch holds, as stored. */
	private Map<UUID, UUID> campaignsOf(List<SubscriberRecord> records) {
		String[] erasedIds = records.stream()
			.filter((record) -> record.change() == null)
			.map((record) -> record.subscriberId().toString())
			.distinct()
			.toArray(String[]::new);
		Map<UUID, UUID> campaigns = new TreeMap<>();
		if (erasedIds.length > 0) {
			this.jdbc
				.sql("SELECT subscriber_id, campaign_id FROM console_subscriber WHERE subscriber_id = ANY(?::uuid[])")
				.param(erasedIds)
				.query((rs) -> {
					campaigns.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
				});
		}
		return campaigns;
	}

	private void forget(Set<UUID> erased) {
		if (!erased.isEmpty()) {
			this.jdbc.sql("DELETE FROM console_subscriber WHERE subscriber_id = ANY(?::uuid[])")
				.param(column(erased, UUID::toString))
				.update();
		}
	}

	private void keep(Map<UUID, SubscriptionChanged> kept) {
		if (kept.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO console_subscriber (subscriber_id, campaign_id, status)
				SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[])
				ON CONFLICT (subscriber_id) DO UPDATE SET campaign_id = excluded.campaign_id, status = excluded.status
				""")
			.params(column(kept.keySet(), UUID::toString),
					column(kept.values(), (change) -> change.campaignId().toString()),
					column(kept.values(), (change) -> change.status().name()))
			.update();
	}

	private void addSteps(Map<Step, Long> steps) {
		if (steps.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO console_funnel (campaign_id, step, count)
				SELECT * FROM unnest(?::uuid[], ?::text[], ?::bigint[])
				ON CONFLICT (campaign_id, step) DO UPDATE SET count = console_funnel.count + excluded.count
				""")
			.params(column(steps.keySet(), (step) -> step.campaignId().toString()), column(steps.keySet(), Step::step),
					steps.values().toArray(Long[]::new))
			.update();
	}

	private void addMinutes(Map<StepMinute, Long> minutes) {
		if (minutes.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO console_funnel_minute (campaign_id, step, minute, count)
				SELECT * FROM unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::bigint[])
				ON CONFLICT (campaign_id, step, minute)
				DO UPDATE SET count = console_funnel_minute.count + excluded.count
				""")
			.params(column(minutes.keySet(), (minute) -> minute.campaignId().toString()),
					column(minutes.keySet(), StepMinute::step),
					column(minutes.keySet(), (minute) -> minute.minute().toString()),
					minutes.values().toArray(Long[]::new))
			.update();
	}

	/**
	 * One record of {@code tijdig.subscribers}.
	 *
	 * @param subscriberId the record's key
	 * @param change the change, or {@code null} for the tombstone of an erasure
	 * @param time when the change happened; for a tombstone, the record's timestamp
	 */
	record SubscriberRecord(UUID subscriberId, SubscriptionChanged change, Instant time) {

		SubscriberRecord {
			Objects.requireNonNull(subscriberId);
			Objects.requireNonNull(time);
		}

	}

	private record Step(UUID campaignId, String step) {
	}

	private record StepMinute(UUID campaignId, String step, Instant minute) {
	}

}

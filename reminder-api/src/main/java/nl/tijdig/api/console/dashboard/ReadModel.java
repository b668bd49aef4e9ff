package nl.tijdig.api.console.dashboard;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.SubscriptionChanged;

/** Reads the counts {@link ConsoleProjection} keeps, for one campaign. */
@Component
class ReadModel {

	/** The funnel's steps in order, by the name the page and the JSON use. */
	private static final Map<String, String> FUNNEL = funnel();

	/**
	 * How far back the send rate looks: long enough to smooth, short enough to be
	 * current.
	 */
	static final Duration RATE_WINDOW = Duration.ofMinutes(5);

	private static final Duration STARTING = Duration.ofMinutes(2);

	private final JdbcClient jdbc;

	private final Clock clock;

	ReadModel(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	private static Map<String, String> funnel() {
		Map<String, String> steps = new LinkedHashMap<>();
		steps.put("signedUp", SubscriptionChanged.Change.SIGNED_UP.name());
		steps.put("confirmed", SubscriptionChanged.Change.CONFIRMED.name());
		steps.put("switchedOff", SubscriptionChanged.Change.SWITCHED_OFF.name());
		steps.put("unsubscribed", SubscriptionChanged.Change.UNSUBSCRIBED.name());
		steps.put("erased", SubscriberCounts.ERASED);
		return steps;
	}

	CampaignNumbers numbers(Campaign campaign, ConsumerLag consumers) {
		Map<String, Long> byStep = new HashMap<>();
		this.jdbc.sql("SELECT step, count FROM console_funnel WHERE campaign_id = ?")
			.param(campaign.id())
			.query((rs) -> {
				byStep.put(rs.getString("step"), rs.getLong("count"));
			});
		Map<String, Long> funnel = new LinkedHashMap<>();
		FUNNEL.forEach((name, step) -> funnel.put(name, byStep.getOrDefault(step, 0L)));

		Map<String, Map<String, Long>> deliveries = new LinkedHashMap<>();
		for (MessageKind kind : MessageKind.values()) {
			Map<String, Long> outcomes = new LinkedHashMap<>();
			for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
				outcomes.put(outcome.name(), 0L);
			}
			deliveries.put(kind.name(), outcomes);
		}
		Map<String, Map<String, Long>> byWave = new HashMap<>();
		this.jdbc.sql("SELECT kind, wave_key, outcome, count FROM console_delivery WHERE campaign_id = ?")
			.param(campaign.id())
			.query((rs) -> {
				String kind = rs.getString("kind");
				String outcome = rs.getString("outcome");
				long count = rs.getLong("count");
				deliveries.computeIfAbsent(kind, (k) -> new LinkedHashMap<>()).merge(outcome, count, Long::sum);
				String wave = rs.getString("wave_key");
				if (!wave.isEmpty()) {
					byWave.computeIfAbsent(wave, (w) -> new HashMap<>()).merge(outcome, count, Long::sum);
				}
			});

		Map<String, Progress> progress = new HashMap<>();
		this.jdbc.sql("SELECT wave_key, started_at, fanned_out, finished_at FROM console_wave WHERE campaign_id = ?")
			.param(campaign.id())
			.query((rs) -> {
				progress.put(rs.getString("wave_key"), new Progress(instant(rs.getTimestamp("started_at")),
						rs.getLong("fanned_out"), instant(rs.getTimestamp("finished_at"))));
			});
		List<CampaignNumbers.WaveNumbers> waves = new ArrayList<>();
		for (Wave wave : campaign.waves()) {
			Progress p = progress.getOrDefault(wave.key(), new Progress(null, 0, null));
			Map<String, Long> outcomes = byWave.getOrDefault(wave.key(), Map.of());
			// A bounce or a complaint comes after the message was sent: no second
			// outcome.
			long reported = outcomes.entrySet()
				.stream()
				.filter((entry) -> !entry.getKey().equals(DeliveryOutcome.BOUNCED.name())
						&& !entry.getKey().equals(DeliveryOutcome.COMPLAINED.name()))
				.mapToLong(Map.Entry::getValue)
				.sum();
			waves
				.add(new CampaignNumbers.WaveNumbers(wave.key(), wave.firesAt(campaign.deadline(), campaign.timeZone()),
						p.startedAt(), p.fannedOut(), p.finishedAt(), get(outcomes, DeliveryOutcome.SENT),
						get(outcomes, DeliveryOutcome.SUPPRESSED), get(outcomes, DeliveryOutcome.BOUNCED),
						get(outcomes, DeliveryOutcome.FAILED), get(outcomes, DeliveryOutcome.IN_DOUBT),
						get(outcomes, DeliveryOutcome.WITHDRAWN), Math.max(0, p.fannedOut() - reported)));
		}
		waves.sort(Comparator.comparing(CampaignNumbers.WaveNumbers::dueAt));
		Instant now = this.clock.instant();
		return new CampaignNumbers(now, funnel, deliveries, waves, timeline(campaign), pacing(campaign, waves, now),
				rates(deliveries), consumers);
	}

	/**
	 * Bounces and complaints per message sent, over all kinds: what mailbox providers
	 * judge a sender by. A bounced message was sent first, so it counts among the sent.
	 */
	private static CampaignNumbers.Rates rates(Map<String, Map<String, Long>> deliveries) {
		long sent = 0;
		long bounced = 0;
		long complained = 0;
		for (Map<String, Long> outcomes : deliveries.values()) {
			sent += get(outcomes, DeliveryOutcome.SENT);
			bounced += get(outcomes, DeliveryOutcome.BOUNCED);
			complained += get(outcomes, DeliveryOutcome.COMPLAINED);
		}
		return new CampaignNumbers.Rates(sent, bounced, complained, percent(bounced, sent), percent(complained, sent));
	}

	private static double percent(long part, long whole) {
		return (whole == 0) ? 0 : Math.round(part * 10000.0 / whole) / 100.0;
	}

	/**
	 * Compares the pending messages with the rate of the last minutes: an operator must
	 * see while a wave is going out whether it will finish before the deadline, not
	 * after. Pending messages with nothing sent at all are late by definition.
	 */
	private CampaignNumbers.Pacing pacing(Campaign campaign, List<CampaignNumbers.WaveNumbers> waves, Instant now) {
		long sent = this.jdbc
			.sql("SELECT coalesce(sum(count), 0) FROM console_sent_minute WHERE campaign_id = ? AND minute >= ?")
			.params(campaign.id(), Timestamp.from(now.minus(RATE_WINDOW)))
			.query(Long.class)
			.single();
		double perMinute = sent / (double) RATE_WINDOW.toMinutes();
		long pending = waves.stream().mapToLong(CampaignNumbers.WaveNumbers::pending).sum();
		if (pending == 0) {
			return new CampaignNumbers.Pacing(perMinute, 0, null, false);
		}
		if (perMinute == 0) {
			// A wave that has just started has sent nothing yet: give it a moment.
			Instant lastStart = waves.stream()
				.filter((wave) -> wave.pending() > 0 && wave.startedAt() != null)
				.map(CampaignNumbers.WaveNumbers::startedAt)
				.max(Comparator.naturalOrder())
				.orElse(Instant.MIN);
			return new CampaignNumbers.Pacing(0, pending, null, lastStart.plus(STARTING).isBefore(now));
		}
		Instant done = now.plusSeconds((long) Math.ceil(pending * 60 / perMinute));
		return new CampaignNumbers.Pacing(Math.round(perMinute * 10) / 10.0, pending, done,
				done.isAfter(campaign.deadline()));
	}

	private CampaignNumbers.Timeline timeline(Campaign campaign) {
		// Minutes for a campaign of a few hours, hours beyond: a chart of a fortnight in
		// minutes would be 20,000 points for a few pixels each.
		String unit = this.jdbc.sql("""
				SELECT CASE WHEN max(minute) - min(minute) > interval '2 days' THEN 'hour' ELSE 'minute' END
				FROM console_funnel_minute WHERE campaign_id = ?
				""").param(campaign.id()).query(String.class).optional().orElse("minute");
		TreeMap<Long, Map<String, Long>> byTime = new TreeMap<>();
		this.jdbc.sql("""
				SELECT date_trunc(:unit, minute) AS bucket, step, sum(count) AS count FROM console_funnel_minute
				WHERE campaign_id = :campaign GROUP BY bucket, step
				""").param("unit", unit).param("campaign", campaign.id()).query((rs) -> {
			byTime.computeIfAbsent(rs.getTimestamp("bucket").toInstant().getEpochSecond(), (t) -> new HashMap<>())
				.put(rs.getString("step"), rs.getLong("count"));
		});
		Map<String, List<Long>> totals = new LinkedHashMap<>();
		FUNNEL.keySet().forEach((name) -> totals.put(name, new ArrayList<>()));
		List<Long> times = new ArrayList<>();
		if (byTime.isEmpty()) {
			return new CampaignNumbers.Timeline(times, totals);
		}
		// From zero one step before the first event to the totals now, so that the chart
		// spans the campaign's activity rather than one lonely point.
		long step = unit.equals("hour") ? 3600 : 60;
		times.add(byTime.firstKey() - step);
		totals.values().forEach((running) -> running.add(0L));
		byTime.forEach((time, counts) -> {
			times.add(time);
			FUNNEL.forEach((name, funnelStep) -> {
				List<Long> running = totals.get(name);
				running.add(running.get(running.size() - 1) + counts.getOrDefault(funnelStep, 0L));
			});
		});
		long now = this.clock.instant().getEpochSecond();
		if (now > times.get(times.size() - 1)) {
			times.add(now);
			totals.values().forEach((running) -> running.add(running.get(running.size() - 1)));
		}
		return new CampaignNumbers.Timeline(times, totals);
	}

	private static long get(Map<String, Long> outcomes, DeliveryOutcome outcome) {
		return outcomes.getOrDefault(outcome.name(), 0L);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private record Progress(Instant startedAt, long fannedOut, Instant finishedAt) {
	}

}

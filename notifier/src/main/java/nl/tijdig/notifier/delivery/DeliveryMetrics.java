package nl.tijdig.notifier.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.MessageKind;
import nl.tijdig.notifier.smtp.SendResult;

import org.springframework.stereotype.Component;

/**
 * The sending side's numbers for machines, at {@code /actuator/prometheus}: outcomes by
 * kind, how long the relay takes to accept a message, how long a message waited from its
 * request until it was sent (how late a wave reaches people) and how many wait now; the
 * SMTP connections opened are counted where they are opened. Counts and times are this
 * instance's; Prometheus adds the instances up. Tags name kinds, outcomes and states
 * only, never a person or an address. Histogram buckets for the timers are configured in
 * {@code notifier.yml} ({@code management.metrics.distribution.*}).
 */
@Component
class DeliveryMetrics {

	/**
	 * How long a count of waiting messages is reused: every instance reports the same
	 * database-wide number, and a scraper asking often must not turn into a query each
	 * time.
	 */
	private static final Duration WAITING_REFRESH = Duration.ofSeconds(10);

	private final MeterRegistry registry;

	private final DeliveryLog log;

	private final Clock clock;

	private final Counter policyRefusals;

	private final MultiGauge complaintRates;

	private final MultiGauge bounceRates;

	private final MultiGauge campaignsPaused;

	/**
	 * The meters counted per message, by name, kind and outcome: building and looking one
	 * up in the registry per message (its id, its sorted tags, the filters) was a visible
	 * share of a sending thread.
	 */
	private final Map<MeterKey, Meter> perMessage = new ConcurrentHashMap<>();

	private Map<DeliveryState, Long> waiting;

	private Instant waitingReadAt;

	DeliveryMetrics(MeterRegistry registry, DeliveryLog log, Clock clock) {
		this.registry = registry;
		this.log = log;
		this.clock = clock;
		this.policyRefusals = Counter.builder("tijdig.notifier.smtp.policy.refusals")
			.description("Messages the relay refused for reasons of its own (not the address's, not the message's)")
			.register(registry);
		for (DeliveryState state : new DeliveryState[] { DeliveryState.CLAIMED, DeliveryState.RETRYING }) {
			// A failing query shows as NaN (Micrometer logs it), not as a failed scrape.
			Gauge.builder("tijdig.notifier.waiting", this, (metrics) -> metrics.waiting(state))
				.description("Messages in the delivery log waiting to be sent, of all instances")
				.tag("state", state.name())
				.register(registry);
		}
		this.complaintRates = MultiGauge.builder("tijdig.notifier.campaign.complaint.rate")
			.description("Complaints per message sent, per campaign, of all instances")
			.register(registry);
		this.bounceRates = MultiGauge.builder("tijdig.notifier.campaign.bounce.rate")
			.description("Bounces per message sent, per campaign, of all instances")
			.register(registry);
		this.campaignsPaused = MultiGauge.builder("tijdig.notifier.campaign.sending.paused")
			.description("Whether the complaint rate has paused a campaign's sending")
			.register(registry);
	}

	void policyRefusal() {
		this.policyRefusals.increment();
	}

	/** 1 while this instance pauses its sending, else 0. */
	<T> void sendingPaused(T breaker, ToDoubleFunction<T> paused) {
		Gauge.builder("tijdig.notifier.sending.paused", breaker, paused)
			.description("Whether this instance pauses sending because the relay refuses for reasons of its own")
			.tag("reason", "relay-policy")
			.register(this.registry);
	}

	/**
	 * Times the hand-over of one message to the relay, by kind and how the relay
	 * answered: {@code SENT}, or the kind of failure.
	 */
	SendResult handOver(Delivery delivery, Supplier<SendResult> send) {
		Timer.Sample sample = Timer.start(this.registry);
		String outcome = "ERROR";
		try {
			SendResult result = send.get();
			outcome = outcomeOf(result);
			return result;
		}
		finally {
			String answered = outcome;
			sample.stop(meter("tijdig.notifier.send", delivery.kind(), answered,
					() -> Timer.builder("tijdig.notifier.send")
						.description("Handing one message over to the SMTP relay, until it answered")
						.tag("kind", delivery.kind().name())
						.tag("outcome", answered)
						.register(this.registry)));
		}
	}

	/** The tag the dashboards and alerts know each result by. */
	private static String outcomeOf(SendResult result) {
		if (result instanceof SendResult.Refused refused) {
			return switch (refused.refusal()) {
				case TRANSIENT -> "TRANSIENT";
				case ADDRESS -> "REFUSED_ADDRESS";
				case MESSAGE -> "REFUSED";
				case POLICY -> "REFUSED_BY_POLICY";
			};
		}
		return (result instanceof SendResult.InDoubt) ? "IN_DOUBT" : "SENT";
	}

	/**
	 * Counts a recorded outcome and, for a sent message, how long it waited from its
	 * request until now.
	 */
	void recorded(Delivery delivery, DeliveryOutcome outcome, Instant now) {
		meter("tijdig.notifier.deliveries", delivery.kind(), outcome,
				() -> Counter.builder("tijdig.notifier.deliveries")
					.description("Messages that ended, by outcome and kind")
					.tag("outcome", outcome.name())
					.tag("kind", delivery.kind().name())
					.register(this.registry))
			.increment();
		if (outcome == DeliveryOutcome.SENT) {
			// The request's time is the scheduler's clock: a skew between the machines
			// must not make a message look sent before it was asked for.
			Duration waited = Duration.between(delivery.requestedAt(), now);
			meter("tijdig.notifier.send.delay", delivery.kind(), null, () -> Timer.builder("tijdig.notifier.send.delay")
				.description("From a message's request (the ReminderRequested time) until the relay accepted it")
				.tag("kind", delivery.kind().name())
				.register(this.registry)).record(waited.isNegative() ? Duration.ZERO : waited);
		}
	}

	/** Counts a reader's complaint (marked as spam) that a feedback loop reported. */
	void complained(MessageKind kind) {
		Counter.builder("tijdig.notifier.complaints")
			.description(
					"Abuse reports from mailbox providers' feedback loops, by the kind of message complained about")
			.tag("kind", (kind != null) ? kind.name() : "unknown")
			.register(this.registry)
			.increment();
	}

	/**
	 * The published campaigns' complaint and bounce rates and pauses as the database
	 * counts them, tagged by slug; a campaign left out (closed) leaves the gauges.
	 */
	void campaigns(List<CampaignNumbers> campaigns) {
		this.complaintRates.register(campaigns.stream()
			.map((campaign) -> MultiGauge.Row.of(Tags.of("campaign", campaign.slug()), campaign.complaintRate()))
			.toList(), true);
		this.bounceRates.register(campaigns.stream()
			.map((campaign) -> MultiGauge.Row.of(Tags.of("campaign", campaign.slug()), campaign.bounceRate()))
			.toList(), true);
		this.campaignsPaused.register(campaigns.stream()
			.map((campaign) -> MultiGauge.Row.of(Tags.of("campaign", campaign.slug()), campaign.paused() ? 1 : 0))
			.toList(), true);
	}

	private synchronized double waiting(DeliveryState state) {
		Instant now = this.clock.instant();
		if (this.waitingReadAt == null || !now.isBefore(this.waitingReadAt.plus(WAITING_REFRESH))) {
			this.waiting = this.log.waiting();
			this.waitingReadAt = now;
		}
		return this.waiting.getOrDefault(state, 0L);
	}

	@SuppressWarnings("unchecked")
	private <M extends Meter> M meter(String name, MessageKind kind, Object outcome, Supplier<M> register) {
		MeterKey key = new MeterKey(name, kind, outcome);
		Meter meter = this.perMessage.get(key);
		return (M) ((meter != null) ? meter : this.perMessage.computeIfAbsent(key, (absent) -> register.get()));
	}

	private record MeterKey(String name, MessageKind kind, Object outcome) {
	}

	/** One campaign's numbers for the gauges. */
	record CampaignNumbers(String slug, double complaintRate, double bounceRate, boolean paused) {
	}

}

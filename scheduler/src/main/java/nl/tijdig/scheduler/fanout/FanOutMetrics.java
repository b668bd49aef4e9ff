package nl.tijdig.scheduler.fanout;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import nl.tijdig.events.WaveProgressed.Phase;

import org.springframework.stereotype.Component;

/**
 * The fan-out's numbers for machines, at {@code /actuator/prometheus}: waves started and
 * finished, how late each started, how long each batch (one transaction) takes, and how
 * many waves are in progress. Counts and times are this instance's, counted once their
 * transaction committed; Prometheus adds the instances up. Tags name campaigns (by id:
 * the scheduler knows no slugs, and campaigns are few) and phases only. Histogram buckets
 * of the batch timer are configured in {@code scheduler.yml}.
 */
@Component
class FanOutMetrics {

	private final MeterRegistry registry;

	FanOutMetrics(MeterRegistry registry, WaveDispatches dispatches) {
		this.registry = registry;
		// Read at each scrape: a row per wave of each campaign is a tiny table. Every
		// instance reports the same cluster-wide number.
		Gauge.builder("tijdig.scheduler.waves.in.progress", dispatches, WaveDispatches::inProgress)
			.description("Waves whose fan-out started and has not finished, of all instances")
			.register(registry);
	}

	/**
	 * A wave started; call after its transaction committed.
	 * @param late how long after it was due: the scheduler's share of a wave's lateness,
	 * beside the notifier's wait from request to sent
	 */
	void started(UUID campaignId, Duration late) {
		wave(campaignId, Phase.STARTED);
		Timer.builder("tijdig.scheduler.wave.start.delay")
			.description("How long after it was due a wave's fan-out started")
			.tag("campaign", campaignId.toString())
			.register(this.registry)
			// A fire a moment early by this clock is on time.
			.record(late.isNegative() ? Duration.ZERO : late);
	}

	/** A wave's fan-out finished or was stopped; call after its transaction committed. */
	void finished(UUID campaignId) {
		wave(campaignId, Phase.FINISHED);
	}

	/** Times one batch of a fan-out: one transaction of up to {@code batch-size}. */
	<T> T batch(UUID campaignId, Supplier<T> batch) {
		return Timer.builder("tijdig.scheduler.fanout.batch")
			.description("One batch of a wave's fan-out: paging, requesting and the checkpoint, in one transaction")
			.tag("campaign", campaignId.toString())
			.register(this.registry)
			.record(batch);
	}

	private void wave(UUID campaignId, Phase phase) {
		Counter.builder("tijdig.scheduler.waves")
			.description("Waves started and finished (or stopped), by campaign")
			.tag("campaign", campaignId.toString())
			.tag("phase", phase.name())
			.register(this.registry)
			.increment();
	}

}

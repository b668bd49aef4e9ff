package nl.tijdig.scheduler.fanout;

import java.time.Duration;

import nl.tijdig.scheduler.fanout.WaveDispatches.Wave;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Takes up every fan-out that started and stopped moving: a run that failed half-way
 * while the database was away leaves its wave {@code STARTED}, and the retry it asks
 * Quartz for is stored in that same database, so it may be lost with the failure.
 * Quartz's next trigger of the campaign may be the goodbye at the deadline, too late for
 * the wave. So every instance looks at the dispatch rows every
 * {@code tijdig.fanout.resume.interval}, and resumes each fan-out that has not moved for
 * {@code stalled-after} from its checkpoint; the row lock of its first batch decides
 * which instance does. A wave whose deadline has passed is stopped there, as any run
 * would.
 */
@Component
class StalledFanOuts implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(StalledFanOuts.class);

	private final WaveDispatches dispatches;

	private final FanOut fanOut;

	private final FanOutProperties.Resume properties;

	StalledFanOuts(WaveDispatches dispatches, FanOut fanOut, FanOutProperties properties) {
		this.dispatches = dispatches;
		this.fanOut = fanOut;
		this.properties = properties.resume();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::resume, this.properties.interval());
	}

	void resume() {
		Duration stalledAfter = this.properties.stalledAfter();
		try {
			for (Wave wave : this.dispatches.stalled(stalledAfter)) {
				this.fanOut.resume(wave.campaignId(), wave.waveKey(), stalledAfter);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not resume stalled fan-outs; looking again in {}", this.properties.interval(), ex);
		}
	}

}

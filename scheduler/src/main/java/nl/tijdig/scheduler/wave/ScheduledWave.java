package nl.tijdig.scheduler.wave;

import java.time.Instant;

import nl.tijdig.events.MessageKind;

/**
 * One message of a campaign's plan at the instant it is due: a wave of reminders, or the
 * goodbye at the deadline.
 *
 * @param key the wave's key ({@value WavePlan#GOODBYE_KEY} for the goodbye); with the
 * campaign id it names the wave's one dispatch
 * @param kind {@link MessageKind#WAVE_REMINDER}, {@link MessageKind#DEADLINE_DAY} for the
 * campaign's last wave, or {@link MessageKind#GOODBYE}
 * @param fireAt when it is due
 */
public record ScheduledWave(String key, MessageKind kind, Instant fireAt) {

	/**
	 * The key under which the notifier sends it at most once per subscriber:
	 * {@code wave:<key>}, or {@code goodbye}, the same key the goodbye after "done" uses.
	 */
	public String messageKey() {
		return isGoodbye() ? WavePlan.GOODBYE_KEY : "wave:" + this.key;
	}

	/** The wave key as a reminder carries it; the goodbye belongs to no wave. */
	public String reminderWaveKey() {
		return isGoodbye() ? null : this.key;
	}

	public boolean isGoodbye() {
		return this.kind == MessageKind.GOODBYE;
	}

}

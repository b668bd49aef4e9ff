package nl.tijdig.events;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.tijdig.events.CampaignPublished.Wave;

/**
 * The waves of one campaign on the time line of its deadline, each with the instant it
 * fires ({@link Wave#firesAt}), earliest first. This is the one rule of which waves a
 * campaign may have: each fires before the deadline, and no two share a key or an
 * instant. The console's form refuses what {@link #of} refuses and the scheduler plans
 * what it accepts, so a campaign the form takes is one the scheduler runs as shown.
 *
 * @param deadline the instant from which acting is too late
 * @param waves the waves with their instants, earliest first
 */
public record WaveTimes(Instant deadline, List<Timed> waves) {

	public WaveTimes {
		waves = List.copyOf(waves);
	}

	/**
	 * Puts the waves on the deadline's time line in the zone, in the order given until
	 * the first that breaks the rule.
	 * @throws Conflict naming the first wave that breaks the rule and how
	 */
	public static WaveTimes of(Instant deadline, ZoneId zone, List<Wave> waves) {
		requireDistinctKeys(waves);
		List<Timed> timed = new ArrayList<>();
		Map<Instant, String> instants = new HashMap<>();
		for (Wave wave : waves) {
			Instant firesAt = wave.firesAt(deadline, zone);
			if (!firesAt.isBefore(deadline)) {
				throw new Conflict(Conflict.Reason.NOT_BEFORE_DEADLINE, "Wave '" + wave.key() + "' would go out at "
						+ firesAt + ", not before the deadline " + deadline);
			}
			String other = instants.putIfAbsent(firesAt, wave.key());
			if (other != null) {
				throw new Conflict(Conflict.Reason.SAME_INSTANT,
						"Waves '" + other + "' and '" + wave.key() + "' would both go out at " + firesAt);
			}
			timed.add(new Timed(wave, firesAt));
		}
		timed.sort(Comparator.comparing(Timed::firesAt));
		return new WaveTimes(deadline, timed);
	}

	/**
	 * The part of the rule that holds without a deadline, for a form whose deadline is
	 * still wrong: a key names one wave.
	 * @throws Conflict naming the first key used twice
	 */
	public static void requireDistinctKeys(List<Wave> waves) {
		Set<String> keys = new HashSet<>();
		for (Wave wave : waves) {
			if (!keys.add(wave.key())) {
				throw new Conflict(Conflict.Reason.DUPLICATE_KEY, "Wave key '" + wave.key() + "' is used twice");
			}
		}
	}

	/** A wave and the instant it fires. */
	public record Timed(Wave wave, Instant firesAt) {

		public String key() {
			return this.wave.key();
		}

	}

	/**
	 * Waves that cannot go out as defined. An {@link InvalidEventException}, as a
	 * definition on {@code tijdig.campaigns} that breaks the rule breaks the contract.
	 */
	public static final class Conflict extends InvalidEventException {

		private final Reason reason;

		Conflict(Reason reason, String message) {
			super(message);
			this.reason = reason;
		}

		public Reason reason() {
			return this.reason;
		}

		/** How the waves break the rule. */
		public enum Reason {

			DUPLICATE_KEY, NOT_BEFORE_DEADLINE, SAME_INSTANT

		}

	}

}

package nl.tijdig.scheduler.wave;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.WaveTimes;

/**
 * When each wave of a campaign goes out, and the goodbye at its deadline. When a wave
 * fires, daylight-saving changes included, and which waves a campaign may have are the
 * contract's ({@link WaveTimes}); the plan adds what only the scheduler needs: the last
 * call, the goodbye, and what to do when waves were missed.
 *
 * @param deadline the instant from which acting is too late
 * @param waves the waves in the order they fire, the last one a
 * {@link MessageKind#DEADLINE_DAY}
 */
public record WavePlan(Instant deadline, List<ScheduledWave> waves) {

	/** The key of the goodbye at the deadline; no wave may use it. */
	public static final String GOODBYE_KEY = "goodbye";

	/**
	 * Leaves room for {@code wave:} and the campaign id in Quartz's 200-character names.
	 */
	static final int MAX_KEY_LENGTH = 100;

	public WavePlan {
		waves = List.copyOf(waves);
	}

	/**
	 * Plans a campaign's waves, refusing a definition that cannot be carried out as a
	 * whole rather than applying part of it.
	 * @throws InvalidEventException with the reason, if the zone is unknown, a wave is
	 * incomplete, not before the deadline, or shares its key or its instant with another
	 */
	public static WavePlan of(Instant deadline, String timeZone, List<Wave> waves) {
		InvalidEventException.required(deadline, "deadline");
		ZoneId zone = zone(InvalidEventException.required(timeZone, "timeZone"));
		for (Wave wave : InvalidEventException.required(waves, "waves")) {
			String key = key(wave);
			if (wave.before() == null) {
				throw new InvalidEventException("Wave '" + key + "' has no 'before'");
			}
		}
		List<ScheduledWave> planned = new ArrayList<>();
		for (WaveTimes.Timed timed : WaveTimes.of(deadline, zone, waves).waves()) {
			planned.add(new ScheduledWave(timed.key(), MessageKind.WAVE_REMINDER, timed.firesAt()));
		}
		if (!planned.isEmpty()) {
			// The last call: the notifier renders it as the deadline-day message.
			ScheduledWave last = planned.remove(planned.size() - 1);
			planned.add(new ScheduledWave(last.key(), MessageKind.DEADLINE_DAY, last.fireAt()));
		}
		return new WavePlan(deadline, planned);
	}

	/** The goodbye to everyone still subscribed, at the deadline. */
	public ScheduledWave goodbye() {
		return new ScheduledWave(GOODBYE_KEY, MessageKind.GOODBYE, this.deadline);
	}

	/** Every message of the plan in the order they fire: the waves, then the goodbye. */
	public List<ScheduledWave> messages() {
		List<ScheduledWave> messages = new ArrayList<>(this.waves);
		messages.add(goodbye());
		return messages;
	}

	/** The message of the plan with the given key, if the plan (still) has it. */
	public Optional<ScheduledWave> message(String key) {
		return messages().stream().filter((message) -> message.key().equals(key)).findFirst();
	}

	/**
	 * What to do at {@code now}, given the keys of the messages already dispatched or
	 * skipped (each is handled once, ever).
	 * <p>
	 * Before the deadline only the latest wave that is due may go out: an earlier one
	 * that was missed (the scheduler was down at its time) is skipped, since a later
	 * reminder already says everything it would have said, and two reminders at once read
	 * as spam. From the deadline on no wave goes out any more, only the goodbye.
	 */
	public WaveDecision decide(Instant now, Set<String> handled) {
		if (!now.isBefore(this.deadline)) {
			List<ScheduledWave> missed = this.waves.stream().filter((wave) -> !handled.contains(wave.key())).toList();
			Optional<ScheduledWave> goodbye = Optional.of(goodbye()).filter((bye) -> !handled.contains(bye.key()));
			return new WaveDecision(goodbye, missed);
		}
		List<ScheduledWave> due = this.waves.stream().filter((wave) -> !wave.fireAt().isAfter(now)).toList();
		if (due.isEmpty()) {
			return WaveDecision.nothing();
		}
		ScheduledWave latest = due.get(due.size() - 1);
		List<ScheduledWave> missed = due.subList(0, due.size() - 1)
			.stream()
			.filter((wave) -> !handled.contains(wave.key()))
			.toList();
		Optional<ScheduledWave> dispatch = Optional.of(latest).filter((wave) -> !handled.contains(wave.key()));
		return new WaveDecision(dispatch, missed);
	}

	private static ZoneId zone(String timeZone) {
		try {
			return ZoneId.of(timeZone);
		}
		catch (DateTimeException ex) {
			throw new InvalidEventException("Unknown time zone '" + timeZone + "'");
		}
	}

	private static String key(Wave wave) {
		if (wave == null) {
			throw new InvalidEventException("A wave is null");
		}
		String key = wave.key();
		if (key == null || key.isBlank()) {
			throw new InvalidEventException("A wave has no key");
		}
		if (key.length() > MAX_KEY_LENGTH) {
			throw new InvalidEventException("Wave key '" + key + "' is longer than " + MAX_KEY_LENGTH + " characters");
		}
		if (GOODBYE_KEY.equals(key)) {
			throw new InvalidEventException(
					"Wave key '" + GOODBYE_KEY + "' is reserved for the goodbye at the deadline");
		}
		return key;
	}

}

package nl.tijdig.events;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.WaveTimes.Conflict;
import nl.tijdig.events.WaveTimes.Timed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

class WaveTimesTests {

	private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

	// Midnight of 3 November 2025 in Amsterdam.
	private static final Instant DEADLINE = Instant.parse("2025-11-02T23:00:00Z");

	private static final LocalTime NINE = LocalTime.of(9, 0);

	@Test
	void putsTheWavesInTheOrderTheyFire() {
		WaveTimes times = WaveTimes.of(DEADLINE, AMSTERDAM, List.of(new Wave("3m", Duration.ofMinutes(3), null),
				new Wave("1d", Duration.ofDays(1), NINE), new Wave("12m", Duration.ofMinutes(12), null)));

		assertThat(times.waves()).extracting(Timed::key, Timed::firesAt)
			.containsExactly(tuple("1d", Instant.parse("2025-11-02T08:00:00Z")),
					tuple("12m", Instant.parse("2025-11-02T22:48:00Z")),
					tuple("3m", Instant.parse("2025-11-02T22:57:00Z")));
	}

	@Test
	void refusesAWaveAtOrAfterTheDeadline() {
		// 09:00 on the day of a midnight deadline is nine hours too late; a negative
		// offset lies after it; 0m is the deadline itself.
		for (Wave late : List.of(new Wave("0d", Duration.ZERO, NINE), new Wave("after", Duration.ofHours(-1), null),
				new Wave("0m", Duration.ZERO, null))) {
			assertThatExceptionOfType(Conflict.class).as(late.toString())
				.isThrownBy(() -> WaveTimes.of(DEADLINE, AMSTERDAM,
						List.of(new Wave("7d", Duration.ofDays(7), NINE), late)))
				.withMessageContaining("'" + late.key() + "'")
				.withMessageContaining("not before the deadline")
				.extracting(Conflict::reason)
				.isEqualTo(Conflict.Reason.NOT_BEFORE_DEADLINE);
		}
	}

	@Test
	void refusesTwoWavesAtOneInstant() {
		// 24 hours without a send time and one day at 00:00 are the same instant.
		assertThatExceptionOfType(Conflict.class)
			.isThrownBy(() -> WaveTimes.of(DEADLINE, AMSTERDAM,
					List.of(new Wave("24h", Duration.ofHours(24), null),
							new Wave("1d", Duration.ofDays(1), LocalTime.MIDNIGHT))))
			.withMessageContaining("'24h' and '1d' would both go out at 2025-11-01T23:00:00Z")
			.extracting(Conflict::reason)
			.isEqualTo(Conflict.Reason.SAME_INSTANT);
	}

	@Test
	void refusesAKeyUsedTwiceWithOrWithoutADeadline() {
		List<Wave> waves = List.of(new Wave("7d", Duration.ofDays(7), NINE), new Wave("7d", Duration.ofDays(8), NINE));

		assertThatExceptionOfType(Conflict.class).isThrownBy(() -> WaveTimes.of(DEADLINE, AMSTERDAM, waves))
			.withMessageContaining("'7d' is used twice")
			.extracting(Conflict::reason)
			.isEqualTo(Conflict.Reason.DUPLICATE_KEY);
		assertThatExceptionOfType(Conflict.class).isThrownBy(() -> WaveTimes.requireDistinctKeys(waves))
			.extracting(Conflict::reason)
			.isEqualTo(Conflict.Reason.DUPLICATE_KEY);
	}

	@Test
	void aConflictBreaksTheContract() {
		// The scheduler dead-letters a definition whose waves break the rule.
		assertThat(new Conflict(Conflict.Reason.SAME_INSTANT, "x")).isInstanceOf(InvalidEventException.class);
	}

}

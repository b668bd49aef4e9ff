package nl.tijdig.scheduler.wave;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.MessageKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

class WavePlanTests {

	private static final String AMSTERDAM = "Europe/Amsterdam";

	private static final ZoneId ZONE = ZoneId.of(AMSTERDAM);

	// 3 November 2025, 00:00 in Amsterdam: the LinkedIn campaign's deadline.
	private static final Instant DEADLINE = ZonedDateTime.of(2025, 11, 3, 0, 0, 0, 0, ZONE).toInstant();

	private static final LocalTime NINE = LocalTime.of(9, 0);

	private static final WavePlan LINKEDIN = WavePlan.of(DEADLINE, AMSTERDAM,
			List.of(wave("14d", 14, NINE), wave("7d", 7, NINE), wave("3d", 3, NINE), wave("1d", 1, NINE)));

	@Test
	void wavesGoOutWhenTheContractSaysInTheOrderTheyFire() {
		// The daylight-saving rules are the contract's (WaveTests); the plan keeps them.
		Instant deadline = Instant.parse("2025-06-01T12:00:00Z");
		List<Wave> waves = List.of(new Wave("3m", Duration.ofMinutes(3), null), wave("7d", 7, NINE));

		WavePlan plan = WavePlan.of(deadline, AMSTERDAM, waves);

		assertThat(plan.waves()).extracting(ScheduledWave::key, ScheduledWave::fireAt)
			.containsExactly(tuple("7d", waves.get(1).firesAt(deadline, ZONE)),
					tuple("3m", Instant.parse("2025-06-01T11:57:00Z")));
	}

	@Test
	void lastWaveIsTheDeadlineDayMessageAndTheGoodbyeIsAtTheDeadline() {
		assertThat(LINKEDIN.waves()).extracting(ScheduledWave::kind)
			.containsExactly(MessageKind.WAVE_REMINDER, MessageKind.WAVE_REMINDER, MessageKind.WAVE_REMINDER,
					MessageKind.DEADLINE_DAY);
		assertThat(LINKEDIN.messages()).last().satisfies((goodbye) -> {
			assertThat(goodbye.kind()).isEqualTo(MessageKind.GOODBYE);
			assertThat(goodbye.fireAt()).isEqualTo(DEADLINE);
			assertThat(goodbye.messageKey()).isEqualTo("goodbye");
			assertThat(goodbye.reminderWaveKey()).isNull();
		});
		assertThat(LINKEDIN.waves().get(0).messageKey()).isEqualTo("wave:14d");
	}

	@Test
	void wavesTheContractRefusesAreRefused() {
		// 09:00 on the day of a midnight deadline is nine hours too late.
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> WavePlan.of(DEADLINE, AMSTERDAM, List.of(wave("0d", 0, NINE))))
			.withMessageContaining("'0d'")
			.withMessageContaining("not before the deadline");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> WavePlan.of(DEADLINE, AMSTERDAM, List.of(wave("7d", 7, NINE), wave("7d", 8, NINE))))
			.withMessageContaining("used twice");
	}

	@Test
	void incompleteOrReservedWavesAndUnknownZonesAreRefused() {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> WavePlan.of(DEADLINE, "Europe/Atlantis", List.of()))
			.withMessageContaining("Europe/Atlantis");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> WavePlan.of(DEADLINE, AMSTERDAM, List.of(new Wave(" ", Duration.ofDays(1), null))));
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> WavePlan.of(DEADLINE, AMSTERDAM, List.of(new Wave("1d", null, NINE))));
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> WavePlan.of(DEADLINE, AMSTERDAM, List.of(wave("goodbye", 1, NINE))))
			.withMessageContaining("reserved");
	}

	@Test
	void nothingIsDueBeforeTheFirstWave() {
		WaveDecision decision = LINKEDIN.decide(Instant.parse("2025-10-20T06:59:59Z"), Set.of());

		assertThat(decision.dispatch()).isEmpty();
		assertThat(decision.skip()).isEmpty();
	}

	@Test
	void waveIsDueFromItsInstantAndOnlyOnce() {
		Instant fireAt = Instant.parse("2025-10-20T07:00:00Z");

		assertThat(LINKEDIN.decide(fireAt, Set.of()).dispatch()).map(ScheduledWave::key).contains("14d");
		assertThat(LINKEDIN.decide(fireAt.plusSeconds(3600), Set.of("14d")).dispatch()).isEmpty();
	}

	@Test
	void missedWaveIsSentOnRecoveryWhileNoLaterWaveIsDue() {
		// Down from before the 7d wave until the day after it: 7d is still the news.
		WaveDecision decision = LINKEDIN.decide(Instant.parse("2025-10-28T12:00:00Z"), Set.of("14d"));

		assertThat(decision.dispatch()).map(ScheduledWave::key).contains("7d");
		assertThat(decision.skip()).isEmpty();
	}

	@Test
	void missedWaveIsSkippedWhenALaterWaveIsAlreadyDue() {
		// Down across both the 7d and the 3d waves: only the 3d one goes out.
		WaveDecision decision = LINKEDIN.decide(Instant.parse("2025-10-31T08:00:00Z"), Set.of("14d"));

		assertThat(decision.dispatch()).map(ScheduledWave::key).contains("3d");
		assertThat(decision.skip()).extracting(ScheduledWave::key).containsExactly("7d");
	}

	@Test
	void missedWaveIsSkippedWhenTheLaterWaveWasAlreadySent() {
		WaveDecision decision = LINKEDIN.decide(Instant.parse("2025-10-31T08:00:00Z"), Set.of("3d"));

		assertThat(decision.dispatch()).isEmpty();
		assertThat(decision.skip()).extracting(ScheduledWave::key).containsExactly("14d", "7d");
	}

	@Test
	void afterTheDeadlineOnlyTheGoodbyeGoesOut() {
		WaveDecision decision = LINKEDIN.decide(DEADLINE.plusSeconds(60), Set.of("14d", "7d", "3d"));

		assertThat(decision.dispatch()).map(ScheduledWave::kind).contains(MessageKind.GOODBYE);
		assertThat(decision.skip()).extracting(ScheduledWave::key).containsExactly("1d");
		assertThat(LINKEDIN.decide(DEADLINE, Set.of("14d", "7d", "3d", "1d", "goodbye")).dispatch()).isEmpty();
	}

	private static Wave wave(String key, int daysBefore, LocalTime sendAt) {
		return new Wave(key, Duration.ofDays(daysBefore), sendAt);
	}

}

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

class WavePlanTests {

	private static final String AMSTERDAM = "Europe/Amsterdam";

	private static final ZoneId ZONE = ZoneId.of(AMSTERDAM);

	// 3 November 2025, 00:00 in Amsterdam: the LinkedIn campaign's deadline.
	private static final Instant DEADLINE = ZonedDateTime.of(2025, 11, 3, 0, 0, 0, 0, ZONE).toInstant();

	private static final LocalTime NINE = LocalTime.of(9, 0);

	private static final WavePlan LINKEDIN = WavePlan.of(DEADLINE, AMSTERDAM,
			List.of(wave("14d", 14, NINE), wave("7d", 7, NINE), wave("3d", 3, NINE), wave("1d", 1, NINE)));

	@Test
	void wavesAtNineInSummerTimeAreAtSevenUtc() {
		assertThat(LINKEDIN.message("14d")).map(ScheduledWave::fireAt).contains(Instant.parse("2025-10-20T07:00:00Z"));
	}

	@Test
	void wavesAtNineAfterTheClocksWentBackAreAtEightUtc() {
		// 26 October 2025 had 25 hours; seven days before is still the 27th, at 09:00
		// CET.
		assertThat(LINKEDIN.message("7d")).map(ScheduledWave::fireAt).contains(Instant.parse("2025-10-27T08:00:00Z"));
		assertThat(LINKEDIN.message("1d")).map(ScheduledWave::fireAt).contains(Instant.parse("2025-11-02T08:00:00Z"));
	}

	@Test
	void daysBeforeAreCalendarDaysAcrossTheSpringChange() {
		// Midnight on 31 March 2025 is 22:00Z on the 30th, and the 30th had 23 hours:
		// 24 hours before would be 23:00 on the 29th. "One day before" means the 30th.
		Instant deadline = ZonedDateTime.of(2025, 3, 31, 0, 0, 0, 0, ZONE).toInstant();

		WavePlan plan = WavePlan.of(deadline, AMSTERDAM, List.of(wave("1d", 1, NINE)));

		assertThat(plan.waves()).singleElement()
			.extracting(ScheduledWave::fireAt)
			.isEqualTo(Instant.parse("2025-03-30T07:00:00Z"));
	}

	@Test
	void sendTimeInTheSkippedHourMovesForwardByTheGap() {
		Instant deadline = ZonedDateTime.of(2025, 3, 31, 12, 0, 0, 0, ZONE).toInstant();

		WavePlan plan = WavePlan.of(deadline, AMSTERDAM, List.of(wave("1d", 1, LocalTime.of(2, 30))));

		// 02:30 did not exist on 30 March 2025; 03:30 CEST did.
		assertThat(plan.waves().get(0).fireAt()).isEqualTo(Instant.parse("2025-03-30T01:30:00Z"));
	}

	@Test
	void sendTimeInTheRepeatedHourIsItsFirstOccurrence() {
		Instant deadline = ZonedDateTime.of(2025, 10, 27, 12, 0, 0, 0, ZONE).toInstant();

		WavePlan plan = WavePlan.of(deadline, AMSTERDAM, List.of(wave("1d", 1, LocalTime.of(2, 30))));

		// 02:30 happened twice on 26 October 2025: first in CEST (00:30Z), then in CET.
		assertThat(plan.waves().get(0).fireAt()).isEqualTo(Instant.parse("2025-10-26T00:30:00Z"));
	}

	@Test
	void waveWithoutSendTimeGoesOutExactlyBeforeTheDeadline() {
		Instant deadline = Instant.parse("2025-06-01T12:00:00Z");

		WavePlan plan = WavePlan.of(deadline, AMSTERDAM,
				List.of(new Wave("3m", Duration.ofMinutes(3), null), new Wave("12m", Duration.ofMinutes(12), null)));

		assertThat(plan.waves()).extracting(ScheduledWave::key, ScheduledWave::fireAt)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("12m", Instant.parse("2025-06-01T11:48:00Z")),
					org.assertj.core.groups.Tuple.tuple("3m", Instant.parse("2025-06-01T11:57:00Z")));
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
	void waveAtOrAfterTheDeadlineIsRefused() {
		// 09:00 on the day of a midnight deadline is nine hours too late.
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> WavePlan.of(DEADLINE, AMSTERDAM, List.of(wave("0d", 0, NINE))))
			.withMessageContaining("'0d'")
			.withMessageContaining("not before the deadline");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> WavePlan.of(DEADLINE, AMSTERDAM, List.of(new Wave("after", Duration.ofHours(-1), null))));
	}

	@Test
	void duplicateKeysAndInstantsAreRefused() {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> WavePlan.of(DEADLINE, AMSTERDAM, List.of(wave("7d", 7, NINE), wave("7d", 8, NINE))))
			.withMessageContaining("used twice");
		// 24 hours without a send time and one day at 00:00 are the same instant.
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> WavePlan.of(DEADLINE, AMSTERDAM,
					List.of(new Wave("24h", Duration.ofHours(24), null), wave("1d", 1, LocalTime.MIDNIGHT))))
			.withMessageContaining("both go out at");
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

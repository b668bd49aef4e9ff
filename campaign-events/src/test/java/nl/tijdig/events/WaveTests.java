package nl.tijdig.events;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import nl.tijdig.events.CampaignPublished.Wave;

import static org.assertj.core.api.Assertions.assertThat;

class WaveTests {

	private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

	@Test
	void withoutASendTimeGoesOutExactlyThatLongBeforeTheDeadline() {
		Instant deadline = Instant.parse("2025-11-02T23:00:00Z");

		assertThat(new Wave("3h", Duration.ofHours(3), null).firesAt(deadline, AMSTERDAM))
			.isEqualTo(Instant.parse("2025-11-02T20:00:00Z"));
	}

	@Test
	void keepsItsLocalSendTimeAcrossADaylightSavingChange() {
		// The clocks go back in the night to 25 October 2026. A deadline of Monday 26
		// October 09:00 (CET) with a wave 7 days before at 09:00 goes out at 09:00 CEST
		// on
		// the 19th, 07:00 UTC; subtracting 7 x 24 hours would send it at 10:00 local.
		Instant deadline = Instant.parse("2026-10-26T08:00:00Z");

		assertThat(new Wave("7d", Duration.ofDays(7), LocalTime.of(9, 0)).firesAt(deadline, AMSTERDAM))
			.isEqualTo(Instant.parse("2026-10-19T07:00:00Z"));
	}

	@Test
	void atNineInSummerTimeIsAtSevenUtcAndAfterTheClocksWentBackAtEight() {
		// The LinkedIn campaign: midnight of 3 November 2025 in Amsterdam. 26 October had
		// 25 hours; seven days before is still the 27th, at 09:00 CET.
		Instant deadline = Instant.parse("2025-11-02T23:00:00Z");

		assertThat(daysBeforeAtNine(14).firesAt(deadline, AMSTERDAM)).isEqualTo(Instant.parse("2025-10-20T07:00:00Z"));
		assertThat(daysBeforeAtNine(7).firesAt(deadline, AMSTERDAM)).isEqualTo(Instant.parse("2025-10-27T08:00:00Z"));
		assertThat(daysBeforeAtNine(1).firesAt(deadline, AMSTERDAM)).isEqualTo(Instant.parse("2025-11-02T08:00:00Z"));
	}

	@Test
	void daysBeforeAreCalendarDaysAcrossTheSpringChange() {
		// Midnight on 31 March 2025 is 22:00Z on the 30th, and the 30th had 23 hours:
		// 24 hours before would be 23:00 on the 29th. "One day before" means the 30th.
		Instant deadline = Instant.parse("2025-03-30T22:00:00Z");

		assertThat(daysBeforeAtNine(1).firesAt(deadline, AMSTERDAM)).isEqualTo(Instant.parse("2025-03-30T07:00:00Z"));
	}

	@Test
	void aSendTimeInTheSkippedHourMovesForwardByTheGap() {
		// 02:30 did not exist on 30 March 2025; 03:30 CEST did.
		Instant deadline = Instant.parse("2025-03-31T10:00:00Z");

		assertThat(new Wave("1d", Duration.ofDays(1), LocalTime.of(2, 30)).firesAt(deadline, AMSTERDAM))
			.isEqualTo(Instant.parse("2025-03-30T01:30:00Z"));
	}

	@Test
	void aSendTimeInTheRepeatedHourIsItsFirstOccurrence() {
		// 02:30 happened twice on 26 October 2025: first in CEST (00:30Z), then in CET.
		Instant deadline = Instant.parse("2025-10-27T11:00:00Z");

		assertThat(new Wave("1d", Duration.ofDays(1), LocalTime.of(2, 30)).firesAt(deadline, AMSTERDAM))
			.isEqualTo(Instant.parse("2025-10-26T00:30:00Z"));
	}

	private static Wave daysBeforeAtNine(int days) {
		return new Wave(days + "d", Duration.ofDays(days), LocalTime.of(9, 0));
	}

}

package nl.tijdig.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.MessageKind;
import nl.tijdig.notifier.campaign.Campaign;

import static org.assertj.core.api.Assertions.assertThat;

class SendWindowTests {

	private static final Instant DEADLINE = Instant.parse("2025-11-02T23:00:00Z");

	// The deadline is midnight in Amsterdam: the 7-day wave fires 27 October 08:00Z, the
	// 3-day wave 31 October 08:00Z, the last 3 hours before the deadline.
	private static final List<Wave> WAVES = List.of(new Wave("7d", Duration.ofDays(7), LocalTime.of(9, 0)),
			new Wave("3d", Duration.ofDays(3), LocalTime.of(9, 0)), new Wave("3h", Duration.ofHours(3), null));

	private final Campaign published = campaign(CampaignPublished.Status.PUBLISHED);

	@Test
	void aWaveMayGoOutUntilTheNextOneStarts() {
		assertThat(closed(MessageKind.WAVE_REMINDER, "7d", "2025-10-27T08:00:00Z")).isNull();
		assertThat(closed(MessageKind.WAVE_REMINDER, "7d", "2025-10-31T07:59:59Z")).isNull();
		assertThat(closed(MessageKind.WAVE_REMINDER, "7d", "2025-10-31T08:00:00Z")).isEqualTo("superseded by wave 3d");
		assertThat(closed(MessageKind.WAVE_REMINDER, "3d", "2025-11-02T20:00:00Z")).isEqualTo("superseded by wave 3h");
		assertThat(closed(MessageKind.DEADLINE_DAY, "3h", "2025-11-02T22:59:59Z")).isNull();
	}

	@Test
	void nothingButTheGoodbyeGoesOutFromTheDeadlineOn() {
		for (MessageKind kind : List.of(MessageKind.CONFIRMATION, MessageKind.WELCOME, MessageKind.WAVE_REMINDER,
				MessageKind.DEADLINE_DAY)) {
			assertThat(SendWindow.closedFor(this.published, kind, "3h", DEADLINE)).as(kind.name())
				.isEqualTo("deadline passed");
		}
		assertThat(SendWindow.closedFor(this.published, MessageKind.GOODBYE, null, DEADLINE.plusSeconds(60))).isNull();
	}

	@Test
	void nothingButTheGoodbyeGoesOutOnceTheCampaignIsClosed() {
		Campaign closed = campaign(CampaignPublished.Status.CLOSED);
		Instant early = Instant.parse("2025-10-20T10:00:00Z");

		assertThat(SendWindow.closedFor(closed, MessageKind.WELCOME, null, early)).isEqualTo("campaign closed");
		assertThat(SendWindow.closedFor(closed, MessageKind.WAVE_REMINDER, "7d", early)).isEqualTo("campaign closed");
		assertThat(SendWindow.closedFor(closed, MessageKind.GOODBYE, null, early)).isNull();
	}

	private String closed(MessageKind kind, String waveKey, String now) {
		return SendWindow.closedFor(this.published, kind, waveKey, Instant.parse(now));
	}

	private static Campaign campaign(CampaignPublished.Status status) {
		return new Campaign(UUID.randomUUID(), "window", status, "Example", DEADLINE, ZoneId.of("Europe/Amsterdam"),
				WAVES, Map.of(), 1, DEADLINE.plus(Duration.ofDays(30)));
	}

}

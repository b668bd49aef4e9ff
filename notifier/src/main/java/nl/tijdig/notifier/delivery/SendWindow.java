package nl.tijdig.notifier.delivery;

import java.time.Instant;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.MessageKind;
import nl.tijdig.notifier.campaign.Campaign;

/**
 * Whether a message's moment has passed, asked just before it is handed to SMTP: a
 * message claimed or waiting for a retry when the campaign closed, its deadline came or
 * the next wave started would otherwise still go out, late or beside a newer reminder
 * that counts fewer days. Only the goodbye belongs after the deadline.
 */
final class SendWindow {

	private SendWindow() {
	}

	/**
	 * @return why the message may no longer go out, or {@code null} if it may
	 */
	static String closedFor(Campaign campaign, MessageKind kind, String waveKey, Instant now) {
		if (kind == MessageKind.GOODBYE) {
			return null;
		}
		if (campaign.status() == CampaignPublished.Status.CLOSED) {
			return "campaign closed";
		}
		if (!now.isBefore(campaign.deadline())) {
			return "deadline passed";
		}
		if (waveKey == null) {
			return null;
		}
		int index = campaign.indexOfWave(waveKey);
		if (index < 0) {
			return null;
		}
		Wave wave = campaign.waves().get(index);
		Instant firesAt = wave.firesAt(campaign.deadline(), campaign.timeZone());
		for (Wave later : campaign.waves()) {
			Instant laterFiresAt = later.firesAt(campaign.deadline(), campaign.timeZone());
			if (laterFiresAt.isAfter(firesAt) && !laterFiresAt.isAfter(now)) {
				return "superseded by wave " + later.key();
			}
		}
		return null;
	}

}

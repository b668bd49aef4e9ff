package nl.tijdig.events;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The full current definition of a campaign, published whenever an operator publishes or
 * closes it. The topic is compacted, so the latest event per campaign is the definition.
 * Everything an email says about the campaign is here, per language, so content changes
 * need no release.
 *
 * @param deadline the instant from which acting is too late
 * @param timeZone the zone in which the campaign's dates and send times are meant, e.g.
 * {@code Europe/Amsterdam}
 * @param contentVersion increases with every published change of the content
 * @param dataErasureAt when the personal data of the campaign's subscribers is deleted
 * @param version the campaign's revision: reminder-api counts it up in the transaction of
 * each change, so of two definitions of one campaign the higher version is the later,
 * whichever clock stamped {@code time}; {@code 0} in events written before versions
 * (absent in their JSON), which leave the order to Kafka's (see {@link Versions})
 */
public record CampaignPublished(UUID id, Instant time, int schemaVersion, UUID campaignId, String slug, Status status,
		String platform, Instant deadline, String timeZone, List<Wave> waves, Map<Language, Content> content,
		int contentVersion, Instant dataErasureAt, Long version) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public CampaignPublished {
		waves = List.copyOf(waves);
		content = Map.copyOf(content);
		// Boxed so that an event without the field reads; never null once read.
		version = (version != null) ? version : Versions.NONE;
	}

	/** A definition as written before campaigns had versions. */
	public CampaignPublished(UUID id, Instant time, int schemaVersion, UUID campaignId, String slug, Status status,
			String platform, Instant deadline, String timeZone, List<Wave> waves, Map<Language, Content> content,
			int contentVersion, Instant dataErasureAt) {
		this(id, time, schemaVersion, campaignId, slug, status, platform, deadline, timeZone, waves, content,
				contentVersion, dataErasureAt, Versions.NONE);
	}

	/** Whether the campaign still takes sign-ups and sends reminders. */
	public enum Status {

		PUBLISHED, CLOSED

	}

	/**
	 * One wave of reminders.
	 *
	 * @param key stable name of the wave within its campaign, e.g. {@code 14d}
	 * @param before how long before the deadline the wave goes out
	 * @param sendAt the local time of day to send at, on the day {@code before} the
	 * deadline; {@code null} to send exactly {@code before} the deadline
	 */
	public record Wave(String key, Duration before, LocalTime sendAt) {

		/**
		 * When the wave goes out for a deadline in a zone: exactly {@code before} the
		 * deadline, or at {@code sendAt} local time on the local date that lies
		 * {@code before} ahead of the deadline. Counted in local days, so "7 days before
		 * at 09:00" is 09:00 on the wall clock across a daylight-saving change. A send
		 * time in the hour that a change skips moves forward by the gap; one in the hour
		 * that repeats is its first occurrence. The console's form and the scheduler both
		 * ask this, so a campaign the form accepts is one the scheduler runs as shown.
		 */
		public Instant firesAt(Instant deadline, ZoneId zone) {
			if (this.sendAt == null) {
				return deadline.minus(this.before);
			}
			LocalDate day = deadline.atZone(zone).toLocalDateTime().minus(this.before).toLocalDate();
			// ZonedDateTime.of applies the gap and overlap rules above.
			return ZonedDateTime.of(day, this.sendAt, zone).toInstant();
		}

	}

	/**
	 * What the emails say, in one language.
	 *
	 * @param steps the exact steps to switch the setting off, in the platform's own UI
	 * wording
	 * @param settingUrl direct link to the setting
	 * @param risks why it matters; a reminder carries one of them, varying by wave
	 * @param coverage what data the setting covers and what it does not
	 */
	public record Content(String title, String summary, List<String> steps, String settingUrl, List<String> risks,
			String coverage) {

		public Content {
			steps = List.copyOf(steps);
			risks = List.copyOf(risks);
		}

	}

}

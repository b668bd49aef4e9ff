package nl.tijdig.api.calendar;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.Language;

/**
 * A campaign's deadline as an iCalendar object: one event at the deadline, the steps in
 * its description and an alarm the day before. Times are in UTC, which every calendar
 * reads without a time zone definition; the event's UID stays the same for a campaign, so
 * importing it again after a change replaces the old one instead of adding a second.
 *
 * @param campaign the campaign whose deadline it is
 * @param language the language of the texts
 * @param texts the fixed phrases around the campaign's own content, in that language
 * @param stamp when the object was made ({@code DTSTAMP})
 */
record DeadlineEvent(Campaign campaign, Language language, Texts texts, Instant stamp) {

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	/** RFC 5545 §3.1: content lines longer than 75 octets are folded. */
	private static final int LINE_OCTETS = 75;

	/** What the calendar says besides the campaign's own words. */
	record Texts(String summary, String stepsHeading, String alarm) {
	}

	/** The object as a {@code text/calendar} body, lines ended by CRLF. */
	String render() {
		Content content = this.campaign.content(this.language);
		StringBuilder calendar = new StringBuilder();
		line(calendar, "BEGIN:VCALENDAR");
		line(calendar, "VERSION:2.0");
		line(calendar, "PRODID:-//Tijdig//Deadline//" + this.language.name());
		line(calendar, "CALSCALE:GREGORIAN");
		line(calendar, "BEGIN:VEVENT");
		line(calendar, "UID:deadline-" + this.campaign.id() + "@tijdig");
		line(calendar, "DTSTAMP:" + UTC.format(this.stamp.truncatedTo(ChronoUnit.SECONDS)));
		// Without DTEND an event with a date-time start ends where it starts: a moment,
		// which
		// is what a deadline is.
		line(calendar, "DTSTART:" + UTC.format(this.campaign.deadline().truncatedTo(ChronoUnit.SECONDS)));
		line(calendar, "SUMMARY:" + text(this.texts.summary() + ": " + content.title()));
		line(calendar, "DESCRIPTION:" + text(description(content)));
		if (content.settingUrl() != null && !content.settingUrl().isBlank()) {
			line(calendar, "URL:" + content.settingUrl());
		}
		line(calendar, "TRANSP:TRANSPARENT");
		line(calendar, "BEGIN:VALARM");
		line(calendar, "ACTION:DISPLAY");
		line(calendar, "TRIGGER:-P1D");
		line(calendar, "DESCRIPTION:" + text(this.texts.alarm() + ": " + content.title()));
		line(calendar, "END:VALARM");
		line(calendar, "END:VEVENT");
		line(calendar, "END:VCALENDAR");
		return calendar.toString();
	}

	private String description(Content content) {
		StringBuilder description = new StringBuilder(content.summary()).append("\n\n")
			.append(this.texts.stepsHeading())
			.append(":\n");
		List<String> steps = content.steps();
		for (int i = 0; i < steps.size(); i++) {
			description.append(i + 1).append(". ").append(steps.get(i)).append('\n');
		}
		if (content.settingUrl() != null && !content.settingUrl().isBlank()) {
			description.append('\n').append(content.settingUrl());
		}
		return description.toString().strip();
	}

	/**
	 * RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT.
	 */
	static String text(String value) {
		StringBuilder escaped = new StringBuilder(value.length() + 16);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case ';' -> escaped.append("\\;");
				case ',' -> escaped.append("\\,");
				case '\n' -> escaped.append("\\n");
				case '\r' -> {
				}
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	/**
	 * Appends one content line, folded after at most 75 octets of UTF-8 with a CRLF and a
	 * space, never inside a character.
	 */
	static void line(StringBuilder calendar, String content) {
		int octets = 0;
		for (int i = 0; i < content.length();) {
			int codePoint = content.codePointAt(i);
			int width = utf8Octets(codePoint);
			if (octets + width > LINE_OCTETS) {
				calendar.append("\r\n ");
				// The space that starts a continuation line counts towards its 75 octets.
				octets = 1;
			}
			calendar.appendCodePoint(codePoint);
			octets += width;
			i += Character.charCount(codePoint);
		}
		calendar.append("\r\n");
	}

	private static int utf8Octets(int codePoint) {
		return (codePoint < 0x80) ? 1 : (codePoint < 0x800) ? 2 : (codePoint < 0x10000) ? 3 : 4;
	}

}

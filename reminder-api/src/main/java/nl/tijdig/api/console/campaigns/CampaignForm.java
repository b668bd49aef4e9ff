package nl.tijdig.api.console.campaigns;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;
import nl.tijdig.events.WaveTimes;
import nl.tijdig.api.console.FormErrors;

/**
 * The campaign form, every field as the browser sent it, so that nothing fails before
 * {@link #validate} can say which field is wrong. Waves are one per line, e.g.
 * {@code 14d 09:00} (14 days before the deadline, at 09:00 local time) or {@code 30m};
 * steps and risks are one per line.
 */
record CampaignForm(String slug, String platform, String deadline, String timeZone, String waves, String keepDataDays,
		String nlTitle, String nlSummary, String nlSteps, String nlSettingUrl, String nlRisks, String nlCoverage,
		String enTitle, String enSummary, String enSteps, String enSettingUrl, String enRisks, String enCoverage) {

	static final String DEFAULT_ZONE = "Europe/Amsterdam";

	private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	private static final Pattern WAVE = Pattern.compile("(\\d{1,4})([dhm])(?:\\s+([01]\\d|2[0-3]):([0-5]\\d))?");

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	private static final int MAX_WAVES = 20;

	private static final int MAX_LINES = 20;

	static CampaignForm empty() {
		return new CampaignForm("", "", "", DEFAULT_ZONE, "14d 09:00\n7d 09:00\n3d 09:00\n1d 09:00", "30", "", "", "",
				"", "", "", "", "", "", "", "", "");
	}

	static CampaignForm of(Campaign campaign) {
		Content nl = campaign.content().get(Language.NL);
		Content en = campaign.content().get(Language.EN);
		long keep = Math.max(1, Duration.between(campaign.deadline(), campaign.dataErasureAt()).toDays());
		return new CampaignForm(campaign.slug(), campaign.platform(), LOCAL.format(campaign.localDeadline()),
				campaign.timeZone().getId(),
				String.join("\n", campaign.waves().stream().map(CampaignForm::line).toList()), Long.toString(keep),
				title(nl), summary(nl), lines(nl, Content::steps), url(nl), lines(nl, Content::risks), coverage(nl),
				title(en), summary(en), lines(en, Content::steps), url(en), lines(en, Content::risks), coverage(en));
	}

	/**
	 * A new campaign's form filled in from an existing one: its content in both
	 * languages, its waves and how long data is kept carry over, since the next warning
	 * is often the same kind of setting on another platform. The slug names one campaign
	 * and the deadline is the new warning's own, so both are left for the operator.
	 */
	static CampaignForm startingFrom(Campaign campaign) {
		CampaignForm form = of(campaign);
		return new CampaignForm("", form.platform(), "", form.timeZone(), form.waves(), form.keepDataDays(),
				form.nlTitle(), form.nlSummary(), form.nlSteps(), form.nlSettingUrl(), form.nlRisks(),
				form.nlCoverage(), form.enTitle(), form.enSummary(), form.enSteps(), form.enSettingUrl(),
				form.enRisks(), form.enCoverage());
	}

	/**
	 * Checks every field and builds the campaign, in {@code DRAFT}; the caller keeps the
	 * status of a campaign it changes.
	 * @throws FormErrors naming every field that is wrong
	 */
	Campaign validate(UUID id, Instant now) {
		Map<String, String> errors = new LinkedHashMap<>();
		String slug = singleLine("slug", this.slug, 63, errors);
		if (slug != null && !SLUG.matcher(slug).matches()) {
			errors.put("slug", "slug.invalid");
		}
		String platform = singleLine("platform", this.platform, 60, errors);
		ZoneId zone = zone(errors);
		Instant deadline = deadline(zone, now, errors);
		List<Wave> waves = waves(deadline, zone, errors);
		Integer keep = keepDataDays(errors);
		Map<Language, Content> content = new EnumMap<>(Language.class);
		content.put(Language.NL, content("nl", this.nlTitle, this.nlSummary, this.nlSteps, this.nlSettingUrl,
				this.nlRisks, this.nlCoverage, errors));
		content.put(Language.EN, content("en", this.enTitle, this.enSummary, this.enSteps, this.enSettingUrl,
				this.enRisks, this.enCoverage, errors));
		if (!errors.isEmpty()) {
			throw new FormErrors(errors);
		}
		return new Campaign(id, slug, platform, Campaign.Status.DRAFT, deadline, zone, waves, content, 1,
				deadline.plus(Duration.ofDays(keep)));
	}

	private ZoneId zone(Map<String, String> errors) {
		String value = singleLine("timeZone", this.timeZone, 64, errors);
		if (value == null) {
			return null;
		}
		if (!ZoneId.getAvailableZoneIds().contains(value)) {
			errors.put("timeZone", "timeZone.unknown");
			return null;
		}
		return ZoneId.of(value);
	}

	private Instant deadline(ZoneId zone, Instant now, Map<String, String> errors) {
		String value = singleLine("deadline", this.deadline, 32, errors);
		if (value == null || zone == null) {
			return null;
		}
		try {
			Instant deadline = ZonedDateTime.of(LocalDateTime.parse(value).truncatedTo(ChronoUnit.MINUTES), zone)
				.toInstant();
			if (!deadline.isAfter(now)) {
				errors.put("deadline", "deadline.past");
				return null;
			}
			return deadline;
		}
		catch (DateTimeParseException ex) {
			errors.put("deadline", "deadline.invalid");
			return null;
		}
	}

	private List<Wave> waves(Instant deadline, ZoneId zone, Map<String, String> errors) {
		List<String> lines = lines("waves", this.waves, 20, errors);
		if (lines == null) {
			return List.of();
		}
		if (lines.size() > MAX_WAVES) {
			errors.put("waves", "waves.too-many");
			return List.of();
		}
		List<Wave> waves = new ArrayList<>();
		for (String line : lines) {
			Matcher matcher = WAVE.matcher(line.toLowerCase(Locale.ROOT));
			if (!matcher.matches()) {
				errors.put("waves", "waves.invalid");
				return List.of();
			}
			long amount = Long.parseLong(matcher.group(1));
			String unit = matcher.group(2);
			LocalTime sendAt = (matcher.group(3) != null)
					? LocalTime.of(Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(4))) : null;
			if (sendAt != null && !unit.equals("d")) {
				// A time of day only means something for a number of days.
				errors.put("waves", "waves.invalid");
				return List.of();
			}
			Duration before = switch (unit) {
				case "d" -> Duration.ofDays(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofMinutes(amount);
			};
			waves.add(new Wave(amount + unit, before, sendAt));
		}
		try {
			if (deadline != null) {
				WaveTimes.of(deadline, zone, waves);
			}
			else {
				WaveTimes.requireDistinctKeys(waves);
			}
		}
		catch (WaveTimes.Conflict ex) {
			errors.put("waves", (ex.reason() == WaveTimes.Conflict.Reason.NOT_BEFORE_DEADLINE) ? "waves.after-deadline"
					: "waves.duplicate");
			return List.of();
		}
		return waves;
	}

	private Integer keepDataDays(Map<String, String> errors) {
		String value = singleLine("keepDataDays", this.keepDataDays, 3, errors);
		if (value == null) {
			return null;
		}
		try {
			int days = Integer.parseInt(value);
			if (days >= 1 && days <= 365) {
				return days;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		errors.put("keepDataDays", "keepDataDays.invalid");
		return null;
	}

	private static Content content(String language, String title, String summary, String steps, String settingUrl,
			String risks, String coverage, Map<String, String> errors) {
		String t = singleLine(language + "Title", title, 200, errors);
		String s = paragraph(language + "Summary", summary, 4000, errors);
		List<String> st = lines(language + "Steps", steps, 500, errors);
		String url = url(language + "SettingUrl", settingUrl, errors);
		List<String> r = lines(language + "Risks", risks, 500, errors);
		String c = paragraph(language + "Coverage", coverage, 4000, errors);
		if (t == null || s == null || st == null || url == null || r == null || c == null) {
			return null;
		}
		return new Content(t, s, st, url, r, c);
	}

	private static String url(String field, String value, Map<String, String> errors) {
		String url = singleLine(field, value, 2000, errors);
		if (url == null) {
			return null;
		}
		try {
			URI uri = new URI(url);
			if ("https".equals(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null) {
				return url;
			}
		}
		catch (URISyntaxException ex) {
			// reported below
		}
		errors.put(field, "url.https");
		return null;
	}

	/** A required value on one line: no line break or other control character. */
	private static String singleLine(String field, String value, int max, Map<String, String> errors) {
		String trimmed = (value != null) ? value.strip() : "";
		if (trimmed.isEmpty()) {
			errors.put(field, "field.required");
			return null;
		}
		if (trimmed.length() > max) {
			errors.put(field, "field.too-long");
			return null;
		}
		if (!safe(trimmed, false)) {
			errors.put(field, "field.unsafe-characters");
			return null;
		}
		return trimmed;
	}

	/**
	 * A required text that may hold line breaks (LF; CR LF from a browser becomes LF).
	 */
	private static String paragraph(String field, String value, int max, Map<String, String> errors) {
		String text = (value != null) ? value.replace("\r\n", "\n").strip() : "";
		if (text.isEmpty()) {
			errors.put(field, "field.required");
			return null;
		}
		if (text.length() > max) {
			errors.put(field, "field.too-long");
			return null;
		}
		if (!safe(text, true)) {
			errors.put(field, "field.unsafe-characters");
			return null;
		}
		return text;
	}

	/** One item per non-empty line, each within {@code max}; at least one. */
	private static List<String> lines(String field, String value, int max, Map<String, String> errors) {
		String text = (value != null) ? value.replace("\r\n", "\n") : "";
		if (!safe(text, true)) {
			errors.put(field, "field.unsafe-characters");
			return null;
		}
		List<String> lines = Arrays.stream(text.split("\n"))
			.map(String::strip)
			.filter((line) -> !line.isEmpty())
			.toList();
		if (lines.isEmpty()) {
			errors.put(field, "field.required");
			return null;
		}
		if (lines.size() > MAX_LINES || lines.stream().anyMatch((line) -> line.length() > max)) {
			errors.put(field, "field.too-long");
			return null;
		}
		return lines;
	}

	/**
	 * Refuses what breaks a mail header or a log line: control characters (LF only where
	 * allowed), U+2028/2029/0085 and lone surrogates.
	 */
	private static boolean safe(String value, boolean lineFeedAllowed) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\n' && lineFeedAllowed) {
				continue;
			}
			if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
				return false;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	private static String line(Wave wave) {
		Duration before = wave.before();
		String offset = (before.toSecondsPart() == 0 && before.toMinutesPart() == 0 && before.toHoursPart() == 0)
				? before.toDays() + "d" : (before.toSecondsPart() == 0 && before.toMinutesPart() == 0)
						? before.toHours() + "h" : before.toMinutes() + "m";
		return (wave.sendAt() != null) ? offset + " " + wave.sendAt() : offset;
	}

	private static String title(Content content) {
		return (content != null) ? content.title() : "";
	}

	private static String summary(Content content) {
		return (content != null) ? content.summary() : "";
	}

	private static String url(Content content) {
		return (content != null) ? content.settingUrl() : "";
	}

	private static String coverage(Content content) {
		return (content != null) ? content.coverage() : "";
	}

	private static String lines(Content content, java.util.function.Function<Content, List<String>> items) {
		return (content != null) ? String.join("\n", items.apply(content)) : "";
	}

}

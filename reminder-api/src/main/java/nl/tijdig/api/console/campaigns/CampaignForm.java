package nl.tijdig.api.console.campaigns;

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
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.console.FormErrors;
import nl.tijdig.api.console.campaigns.Text.Shape;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;

/**
 * The campaign form, every field as the browser sent it, so that binding never fails and
 * the constraints can say which field is wrong. Waves are one per line, e.g.
 * {@code 14d 09:00} (14 days before the deadline, at 09:00 local time) or {@code 30m};
 * steps and risks are one per line.
 */
@FitsDeadline
record CampaignForm(@Text(max = 63) @Slug String slug, @Text(max = 60) String platform, @Text(max = 32) String deadline,
		@Text(max = 64) @KnownZone String timeZone, @Text(shape = Shape.LINES, max = 20) @WaveLines String waves,
		@Text(max = 3) @DaysToKeep String keepDataDays, @Text(max = 200) String nlTitle,
		@Text(shape = Shape.PARAGRAPH, max = 4000) String nlSummary,
		@Text(shape = Shape.LINES, max = 500) String nlSteps, @Text(max = 2000) @HttpsUrl String nlSettingUrl,
		@Text(shape = Shape.LINES, max = 500) String nlRisks,
		@Text(shape = Shape.PARAGRAPH, max = 4000) String nlCoverage, @Text(max = 200) String enTitle,
		@Text(shape = Shape.PARAGRAPH, max = 4000) String enSummary,
		@Text(shape = Shape.LINES, max = 500) String enSteps, @Text(max = 2000) @HttpsUrl String enSettingUrl,
		@Text(shape = Shape.LINES, max = 500) String enRisks,
		@Text(shape = Shape.PARAGRAPH, max = 4000) String enCoverage) {

	static final String DEFAULT_ZONE = "Europe/Amsterdam";

	/** The most items a field of one item per line holds, waves too. */
	static final int MAX_LINES = 20;

	private static final Pattern WAVE = Pattern.compile("(\\d{1,4})([dhm])(?:\\s+([01]\\d|2[0-3]):([0-5]\\d))?");

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	private static final List<String> FIELDS = Arrays.stream(CampaignForm.class.getRecordComponents())
		.map((component) -> component.getName())
		.toList();

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
				text(nl, Content::title), text(nl, Content::summary), lines(nl, Content::steps),
				text(nl, Content::settingUrl), lines(nl, Content::risks), text(nl, Content::coverage),
				text(en, Content::title), text(en, Content::summary), lines(en, Content::steps),
				text(en, Content::settingUrl), lines(en, Content::risks), text(en, Content::coverage));
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
	 * Checks every field with the validator, whose clock says what "ahead" means for the
	 * deadline, and builds the campaign, in {@code DRAFT}; the caller keeps the status of
	 * a campaign it changes.
	 * @throws FormErrors naming every field that is wrong, with one message code each
	 */
	Campaign validate(Validator validator, UUID id) {
		Map<String, String> errors = errors(validator.validate(this));
		if (!errors.isEmpty()) {
			throw new FormErrors(errors);
		}
		ZoneId zone = zone(stripped(this.timeZone));
		Instant deadline = deadline(this.deadline, zone);
		Map<Language, Content> content = new EnumMap<>(Language.class);
		content.put(Language.NL, new Content(stripped(this.nlTitle), paragraph(this.nlSummary), items(this.nlSteps),
				stripped(this.nlSettingUrl), items(this.nlRisks), paragraph(this.nlCoverage)));
		content.put(Language.EN, new Content(stripped(this.enTitle), paragraph(this.enSummary), items(this.enSteps),
				stripped(this.enSettingUrl), items(this.enRisks), paragraph(this.enCoverage)));
		return new Campaign(id, stripped(this.slug), stripped(this.platform), Campaign.Status.DRAFT, deadline, zone,
				waves(this.waves), content, 1, deadline.plus(Duration.ofDays(daysToKeep(stripped(this.keepDataDays)))));
	}

	/**
	 * One message code per wrong field, in the form's order. Where a field breaks several
	 * constraints, what is wrong with the text itself ({@link Text}) is said first: "too
	 * long" explains a slug that is also no slug.
	 */
	private static Map<String, String> errors(Set<ConstraintViolation<CampaignForm>> violations) {
		Map<String, String> errors = new LinkedHashMap<>();
		violations.stream()
			.sorted(Comparator
				.comparing((ConstraintViolation<CampaignForm> violation) -> FIELDS
					.indexOf(violation.getPropertyPath().toString()))
				.thenComparing((violation) -> !code(violation).startsWith("field.")))
			.forEach((violation) -> errors.putIfAbsent(violation.getPropertyPath().toString(), code(violation)));
		return errors;
	}

	private static String code(ConstraintViolation<?> violation) {
		String template = violation.getMessageTemplate();
		return template.substring(1, template.length() - 1);
	}

	static String stripped(String value) {
		return (value != null) ? value.strip() : "";
	}

	/** The text with a browser's CR LF as LF. */
	static String unixLines(String value) {
		return (value != null) ? value.replace("\r\n", "\n") : "";
	}

	static String paragraph(String value) {
		return unixLines(value).strip();
	}

	/** One item per non-empty line, stripped. */
	static List<String> items(String value) {
		return Arrays.stream(unixLines(value).split("\n"))
			.map(String::strip)
			.filter((line) -> !line.isEmpty())
			.toList();
	}

	/** The zone of that name, or {@code null} if Java knows none. */
	static ZoneId zone(String name) {
		return ZoneId.getAvailableZoneIds().contains(name) ? ZoneId.of(name) : null;
	}

	/** The deadline's instant, to the minute, or {@code null} if it does not read. */
	static Instant deadline(String value, ZoneId zone) {
		try {
			return ZonedDateTime.of(LocalDateTime.parse(stripped(value)).truncatedTo(ChronoUnit.MINUTES), zone)
				.toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** The days to keep data, or {@code null} if not a whole number from 1 to 365. */
	static Integer daysToKeep(String value) {
		try {
			int days = Integer.parseInt(value);
			return (days >= 1 && days <= 365) ? days : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** The waves, one per line, or {@code null} if a line is no wave. */
	static List<Wave> waves(String value) {
		List<Wave> waves = new ArrayList<>();
		for (String line : items(value)) {
			Matcher matcher = WAVE.matcher(line.toLowerCase(Locale.ROOT));
			if (!matcher.matches()) {
				return null;
			}
			long amount = Long.parseLong(matcher.group(1));
			String unit = matcher.group(2);
			LocalTime sendAt = (matcher.group(3) != null)
					? LocalTime.of(Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(4))) : null;
			if (sendAt != null && !unit.equals("d")) {
				// A time of day only means something for a number of days.
				return null;
			}
			Duration before = switch (unit) {
				case "d" -> Duration.ofDays(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofMinutes(amount);
			};
			waves.add(new Wave(amount + unit, before, sendAt));
		}
		return waves;
	}

	/**
	 * Refuses what breaks a mail header or a log line: control characters (LF only where
	 * allowed), U+2028/2029/0085 and lone surrogates.
	 */
	static boolean safe(String value, boolean lineFeedAllowed) {
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

	private static String text(Content content, Function<Content, String> text) {
		return (content != null) ? text.apply(content) : "";
	}

	private static String lines(Content content, Function<Content, List<String>> items) {
		return (content != null) ? String.join("\n", items.apply(content)) : "";
	}

}

package nl.tijdig.api.console.campaigns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;
import nl.tijdig.api.console.TestCampaigns;
import nl.tijdig.api.console.FormErrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rules of the campaign form, without a server: each constraint with what was tried,
 * on Bean Validation as the console runs it.
 */
class CampaignFormTests {

	// 2026-11-29T06:00Z; the test form's deadline lies 20 days later.
	private static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");

	// The console's validator asks its clock what "ahead" means; here it is NOW.
	private static final Validator VALIDATOR = Validation.byDefaultProvider()
		.configure()
		.clockProvider(() -> Clock.fixed(NOW, ZoneOffset.UTC))
		.buildValidatorFactory()
		.getValidator();

	@Test
	void buildsADraftFromAValidForm() {
		Map<String, String> fields = TestCampaigns.form("valid");
		fields.put("deadline", "2026-12-20T00:00");

		Campaign campaign = form(fields).validate(VALIDATOR, UUID.randomUUID());

		assertThat(campaign.status()).isEqualTo(Campaign.Status.DRAFT);
		assertThat(campaign.deadline()).isEqualTo(Instant.parse("2026-12-19T23:00:00Z"));
		assertThat(campaign.waves()).containsExactly(new Wave("14d", Duration.ofDays(14), LocalTime.of(9, 0)),
				new Wave("7d", Duration.ofDays(7), LocalTime.of(9, 0)), new Wave("3h", Duration.ofHours(3), null));
		assertThat(campaign.content().get(Language.NL).steps()).containsExactly("Open the settings", "Switch it off");
		assertThat(campaign.dataErasureAt()).isEqualTo(campaign.deadline().plus(Duration.ofDays(30)));
	}

	@Test
	void refusesLineBreaksAndControlCharactersInSingleLineFields() {
		for (String field : new String[] { "slug", "platform", "nlTitle", "enSettingUrl" }) {
			for (String bad : new String[] { "a\r\nb", "a\nb", "a\u0000b", "a\u2028b", "a\u0085b" }) {
				Map<String, String> fields = TestCampaigns.form("unsafe");
				fields.put("deadline", "2026-12-20T00:00");
				fields.put(field, fields.get(field) + bad);

				assertThat(errors(fields)).as(field + " with " + bad.codePoints().boxed().toList()).containsKey(field);
			}
		}
	}

	@Test
	void acceptsOnlyHttpsAddressesOfAHost() {
		for (String url : new String[] { "http://example.net/", "javascript:alert(1)", "https:///path",
				"https://user@example.net/", "ftp://example.net/", "example.net" }) {
			Map<String, String> fields = TestCampaigns.form("url");
			fields.put("deadline", "2026-12-20T00:00");
			fields.put("nlSettingUrl", url);

			assertThat(errors(fields)).as(url).containsEntry("nlSettingUrl", "url.https");
		}
	}

	@Test
	void refusesTooLongTextsAndTooManyLines() {
		Map<String, String> fields = TestCampaigns.form("long");
		fields.put("deadline", "2026-12-20T00:00");
		fields.put("enTitle", "x".repeat(201));
		fields.put("nlSteps", "step\n".repeat(21));
		fields.put("slug", "Upper-Case");

		assertThat(errors(fields)).containsEntry("enTitle", "field.too-long")
			.containsEntry("nlSteps", "field.too-long")
			.containsEntry("slug", "slug.invalid");
	}

	@Test
	void refusesAMissingField() {
		Map<String, String> fields = TestCampaigns.form("missing");
		fields.put("deadline", "2026-12-20T00:00");
		fields.remove("enCoverage");

		assertThat(errors(fields)).containsOnly(Map.entry("enCoverage", "field.required"));
	}

	@Test
	void refusesWhatTheContractsWaveRuleRefuses() {
		// The deadline is midnight; a day before at 00:00 is 24 hours before.
		Map<String, String> tried = Map.of("0d 09:00", "waves.after-deadline", "0m", "waves.after-deadline",
				"7d 09:00\n7d 10:00", "waves.duplicate", "1d 00:00\n24h", "waves.duplicate");
		tried.forEach((waves, error) -> {
			Map<String, String> fields = TestCampaigns.form("waves");
			fields.put("deadline", "2026-12-20T00:00");
			fields.put("waves", waves);

			assertThat(errors(fields)).as(waves).containsEntry("waves", error);
		});
	}

	@Test
	void refusesAWaveKeyUsedTwiceEvenWhileTheDeadlineIsWrong() {
		Map<String, String> fields = TestCampaigns.form("waves");
		fields.put("deadline", "not a date");
		fields.put("waves", "7d 09:00\n7d 10:00");

		assertThat(errors(fields)).containsEntry("deadline", "deadline.invalid")
			.containsEntry("waves", "waves.duplicate");
	}

	@Test
	void textRefusesParagraphsAndListsThatBreakTheirShape() {
		// A paragraph may hold line breaks but no other control character; a list of
		// steps holds at most 20 items.
		Map<String, String> tried = Map.of("nlSummary", "one\r\ntwo\u0007", "enCoverage", "x".repeat(4001), "enSteps",
				"step\n".repeat(20) + "x".repeat(501), "enRisks", " \r\n \n");
		Map<String, String> expected = Map.of("nlSummary", "field.unsafe-characters", "enCoverage", "field.too-long",
				"enSteps", "field.too-long", "enRisks", "field.required");
		tried.forEach((field, value) -> {
			Map<String, String> fields = TestCampaigns.form("text");
			fields.put("deadline", "2026-12-20T00:00");
			fields.put(field, value);

			assertThat(errors(fields)).as(field + " = " + value).containsOnly(Map.entry(field, expected.get(field)));
		});
	}

	@Test
	void saysWhatIsWrongWithTheTextBeforeWhatIsWrongWithItsMeaning() {
		// 64 characters: too long for a slug, and no slug either.
		Map<String, String> fields = TestCampaigns.form("priority");
		fields.put("deadline", "2026-12-20T00:00");
		fields.put("slug", "a".repeat(64));

		assertThat(errors(fields)).containsOnly(Map.entry("slug", "field.too-long"));
	}

	@Test
	void slugTakesLowerCaseLettersDigitsAndHyphensAfterTheFirst() {
		for (String slug : new String[] { "-leading", "with space", "ümlaut", "dot.ted", "UPPER" }) {
			Map<String, String> fields = TestCampaigns.form("slug");
			fields.put("deadline", "2026-12-20T00:00");
			fields.put("slug", slug);

			assertThat(errors(fields)).as(slug).containsOnly(Map.entry("slug", "slug.invalid"));
		}
	}

	@Test
	void knownZoneRefusesAZoneJavaDoesNotKnowAndSkipsTheDeadline() {
		for (String zone : new String[] { "Europe/Atlantis", "CEST", "UTC+2" }) {
			Map<String, String> fields = TestCampaigns.form("zone");
			fields.put("deadline", "not read without a zone");
			fields.put("timeZone", zone);

			assertThat(errors(fields)).as(zone).containsOnly(Map.entry("timeZone", "timeZone.unknown"));
		}
	}

	@Test
	void daysToKeepIsAWholeNumberFromOneTo365() {
		for (String days : new String[] { "0", "366", "-1", "1.5", "ten" }) {
			Map<String, String> fields = TestCampaigns.form("keep");
			fields.put("deadline", "2026-12-20T00:00");
			fields.put("keepDataDays", days);

			assertThat(errors(fields)).as(days).containsOnly(Map.entry("keepDataDays", "keepDataDays.invalid"));
		}
	}

	@Test
	void waveLinesReadOnlyDaysHoursAndMinutesWithATimeOnlyForDays() {
		for (String waves : new String[] { "14x", "3h 09:00", "1d 24:00", "1d 9:00", "soon", "12345d" }) {
			Map<String, String> fields = TestCampaigns.form("waves");
			fields.put("deadline", "2026-12-20T00:00");
			fields.put("waves", waves);

			assertThat(errors(fields)).as(waves).containsOnly(Map.entry("waves", "waves.invalid"));
		}
	}

	@Test
	void fitsDeadlineRefusesADeadlineThatDoesNotReadOrHasPassed() {
		Map<String, String> tried = Map.of("2026-02-30T09:00", "deadline.invalid", "20 December", "deadline.invalid",
				"2026-11-29T07:00", "deadline.past", "2026-11-29T06:59", "deadline.past");
		tried.forEach((deadline, error) -> {
			// 07:00 in Amsterdam is 06:00Z, the validator's now: not ahead.
			Map<String, String> fields = TestCampaigns.form("deadline");
			fields.put("deadline", deadline);

			assertThat(errors(fields)).as(deadline).containsOnly(Map.entry("deadline", error));
		});
	}

	private static Map<String, String> errors(Map<String, String> fields) {
		return assertThatExceptionOfType(FormErrors.class)
			.isThrownBy(() -> form(fields).validate(VALIDATOR, UUID.randomUUID()))
			.actual()
			.byField();
	}

	private static CampaignForm form(Map<String, String> f) {
		return new CampaignForm(f.get("slug"), f.get("platform"), f.get("deadline"), f.get("timeZone"), f.get("waves"),
				f.get("keepDataDays"), f.get("nlTitle"), f.get("nlSummary"), f.get("nlSteps"), f.get("nlSettingUrl"),
				f.get("nlRisks"), f.get("nlCoverage"), f.get("enTitle"), f.get("enSummary"), f.get("enSteps"),
				f.get("enSettingUrl"), f.get("enRisks"), f.get("enCoverage"));
	}

}

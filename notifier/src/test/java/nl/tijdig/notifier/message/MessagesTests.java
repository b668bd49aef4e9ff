package nl.tijdig.notifier.message;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.link.LinkProperties;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.recipient.Recipient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders the real templates with a made-up campaign: whatever the emails say about the
 * campaign must come from its content, so none of the first campaign's words may appear.
 */
class MessagesTests {

	private static final Instant NOW = Instant.parse("2031-03-01T09:00:00Z");

	private static final String KEY = Base64.getEncoder()
		.encodeToString("a test key of at least 32 bytes!!".getBytes(StandardCharsets.US_ASCII));

	private static final String BASE_URL = "https://tijdig.test";

	private static final Pattern LINK = Pattern
		.compile("https://tijdig\\.test/(confirm|unsubscribe|done|forget|my-data)\\?token=([A-Za-z0-9_.-]+)");

	private final LinkSigner signer = new LinkSigner(Map.of("test", Base64.getDecoder().decode(KEY)), "test");

	private final MessageProperties properties = new MessageProperties("classpath:/mail/", true);

	private final Messages messages = new Messages(
			MailTemplateConfiguration.engine(new DefaultResourceLoader(), this.properties),
			new SignedLinks(this.signer,
					new LinkProperties(Map.of("test", KEY), "test", BASE_URL, Duration.ofHours(48),
							Duration.ofDays(180)),
					Clock.fixed(NOW, ZoneOffset.UTC)),
			Clock.fixed(NOW, ZoneOffset.UTC), this.properties);

	private final UUID subscriberId = UUID.randomUUID();

	@Test
	void confirmationInDutchAsksToConfirmWithASignedLink() {
		RenderedMessage message = render(MessageKind.CONFIRMATION, Language.NL, null);

		assertThat(message.language()).isEqualTo(Language.NL);
		assertThat(message.subject()).isEqualTo("Bevestig je aanmelding: Voorbeeldnet en je foto's");
		assertThat(message.text()).contains("Voorbeeldnet en je foto's", "15 maart 2031", "werkt 48 uur",
				"Negeer deze e-mail", message.links().confirm());
		assertThat(message.html()).contains("<html lang=\"nl\"", "Ja, stuur mij de herinneringen",
				"href=\"" + message.links().confirm() + "\"");
		assertCommonParts(message, "Afmelden", "Verwijder mijn gegevens", "Download mijn gegevens");
		assertThat(verify(message.links().confirm(), LinkPurpose.CONFIRM)).isEqualTo(this.subscriberId);
		// Nothing but the confirmation is asked of someone who has not confirmed yet.
		assertThat(message.text()).doesNotContain(message.links().done(), "Stap 1");
	}

	@Test
	void confirmationInEnglishAsksToConfirmWithASignedLink() {
		RenderedMessage message = render(MessageKind.CONFIRMATION, Language.EN, null);

		assertThat(message.language()).isEqualTo(Language.EN);
		assertThat(message.subject()).isEqualTo("Please confirm your sign-up: Example Net and your photos");
		assertThat(message.text()).contains("Example Net and your photos", "15 March 2031", "works for 48 hours",
				"simply ignore this email", message.links().confirm());
		assertThat(message.html()).contains("<html lang=\"en\"", "Yes, send me the reminders",
				"href=\"" + message.links().confirm() + "\"");
		assertCommonParts(message, "Unsubscribe", "Delete my data", "Download my data");
		assertThat(verify(message.links().confirm(), LinkPurpose.CONFIRM)).isEqualTo(this.subscriberId);
	}

	@Test
	void welcomeInDutchGivesTheStepsTheDeadlineTheRisksAndTheDoneLink() {
		RenderedMessage message = render(MessageKind.WELCOME, Language.NL, null);

		assertThat(message.subject()).contains("Voorbeeldnet en je foto's");
		for (String part : List.of(message.text(), html(message))) {
			assertThat(part).contains("Stap 1: open Instellingen", "Stap 2: zet Foto's delen uit",
					"https://voorbeeld.example/instellingen/fotos", "Je foto's komen in een model.",
					"Wat ooit is gedeeld, blijft gedeeld.", "Profielfoto's en albums", "15 maart 2031", "nog 14 dagen",
					"Voorbeeldnet wil je foto's gebruiken.");
		}
		assertThat(message.html()).contains("href=\"" + message.links().done() + "\"", "Ik heb het uitgezet");
		assertThat(message.text()).contains("1. Stap 1: open Instellingen", "2. Stap 2: zet Foto's delen uit",
				message.links().done());
		assertThat(verify(message.links().done(), LinkPurpose.DONE)).isEqualTo(this.subscriberId);
		assertCommonParts(message, "Afmelden", "Verwijder mijn gegevens", "Download mijn gegevens");
	}

	@Test
	void welcomeInEnglishGivesTheStepsTheDeadlineTheRisksAndTheDoneLink() {
		RenderedMessage message = render(MessageKind.WELCOME, Language.EN, null);

		assertThat(message.subject()).contains("Example Net and your photos");
		for (String part : List.of(message.text(), html(message))) {
			assertThat(part).contains("Step 1: open Settings", "Step 2: switch Photo sharing off",
					"https://example.example/settings/photos", "Your photos end up in a model.",
					"What was shared stays shared.", "Profile photos and albums", "15 March 2031", "14 days left",
					"Example Net wants to use your photos.");
		}
		assertThat(html(message)).contains("href=\"" + message.links().done() + "\"", "I've switched it off");
		assertThat(message.text()).contains("1. Step 1: open Settings", message.links().done());
		assertCommonParts(message, "Unsubscribe", "Delete my data", "Download my data");
	}

	@Test
	void welcomeLinksToTheDeadlineInTheCalendarWithoutNamingTheReader() {
		for (Language language : Language.values()) {
			RenderedMessage message = render(MessageKind.WELCOME, language, null);
			String calendar = BASE_URL + "/c/example-photos/deadline.ics?lang="
					+ language.name().toLowerCase(Locale.ROOT);

			assertThat(message.text()).as(language.name()).contains(calendar);
			assertThat(message.html()).as(language.name()).contains("href=\"" + calendar + "\"");
		}
	}

	@Test
	void aDeadlineAtAnotherTimeThanMidnightShowsTheTime() {
		Campaign campaign = campaign(Map.of(Language.EN, english()),
				Instant.parse("2031-03-15T13:30:00Z").atZone(ZoneId.of("Europe/Amsterdam")).toInstant());
		RenderedMessage message = this.messages.render(MessageKind.WELCOME, null, recipient(Language.EN), campaign);

		assertThat(message.text()).contains("15 March 2031, 14:30");
	}

	@Test
	void aReaderWhoseLanguageTheCampaignLacksGetsEnglish() {
		Campaign campaign = campaign(Map.of(Language.EN, english()), deadline());
		RenderedMessage message = this.messages.render(MessageKind.CONFIRMATION, null, recipient(Language.NL),
				campaign);

		assertThat(message.language()).isEqualTo(Language.EN);
		assertThat(message.html()).contains("<html lang=\"en\"");
	}

	@Test
	void eachWaveDwellsOnAnotherRisk() {
		RenderedMessage first = render(MessageKind.WAVE_REMINDER, Language.EN, "14d");
		RenderedMessage second = render(MessageKind.WAVE_REMINDER, Language.EN, "7d");

		assertThat(first.text()).contains("Your photos end up in a model.")
			.doesNotContain("What was shared stays shared.");
		assertThat(second.text()).contains("What was shared stays shared.")
			.doesNotContain("Your photos end up in a model.");
		assertThat(first.subject()).isEqualTo("14 days left: Example Net and your photos");
	}

	@Test
	void readersOfTheSameWaveGetTheSameTextWithTheirOwnLinks() {
		Campaign campaign = campaign(Map.of(Language.NL, dutch(), Language.EN, english()), deadline());
		Recipient other = new Recipient(UUID.randomUUID(), UUID.randomUUID(), "other@example.test", Language.EN,
				SubscriptionStatus.CONFIRMED, NOW);

		RenderedMessage first = this.messages.render(MessageKind.WAVE_REMINDER, "14d", recipient(Language.EN),
				campaign);
		RenderedMessage second = this.messages.render(MessageKind.WAVE_REMINDER, "14d", other, campaign);

		for (RenderedMessage message : List.of(first, second)) {
			UUID reader = (message == first) ? this.subscriberId : other.subscriberId();
			MessageLinks links = message.links();
			for (String part : List.of(message.text(), html(message))) {
				assertThat(LINK.matcher(part).results().map(java.util.regex.MatchResult::group))
					.containsExactlyInAnyOrder(links.done(), links.unsubscribe(), links.forget(), links.export());
			}
			assertThat(verify(links.done(), LinkPurpose.DONE)).isEqualTo(reader);
			assertThat(verify(links.unsubscribe(), LinkPurpose.UNSUBSCRIBE)).isEqualTo(reader);
		}
		assertThat(second.text()
			.replace(second.links().done(), "DONE")
			.replace(second.links().unsubscribe(), "UNSUBSCRIBE")
			.replace(second.links().forget(), "FORGET")
			.replace(second.links().export(), "EXPORT"))
			.isEqualTo(first.text()
				.replace(first.links().done(), "DONE")
				.replace(first.links().unsubscribe(), "UNSUBSCRIBE")
				.replace(first.links().forget(), "FORGET")
				.replace(first.links().export(), "EXPORT"));
		assertThat(second.subject()).isEqualTo(first.subject());
	}

	@Test
	void aCorrectedCampaignTextIsWrittenAnew() {
		Campaign campaign = campaign(Map.of(Language.EN, english()), deadline());
		Content corrected = new Content("Example Net and your pictures", english().summary(), english().steps(),
				english().settingUrl(), english().risks(), english().coverage());

		RenderedMessage before = this.messages.render(MessageKind.WAVE_REMINDER, "14d", recipient(Language.EN),
				campaign);
		RenderedMessage after = this.messages.render(MessageKind.WAVE_REMINDER, "14d", recipient(Language.EN),
				campaign(Map.of(Language.EN, corrected), deadline()));

		assertThat(before.subject()).isEqualTo("14 days left: Example Net and your photos");
		assertThat(after.subject()).isEqualTo("14 days left: Example Net and your pictures");
	}

	@ParameterizedTest
	@EnumSource(MessageKind.class)
	void everyKindRendersInEveryLanguage(MessageKind kind) {
		for (Language language : Language.values()) {
			RenderedMessage message = render(kind, language, "14d");
			assertThat(message.subject()).isNotBlank().doesNotContain("\n");
			assertCommonParts(message, (language == Language.NL) ? "Afmelden" : "Unsubscribe",
					(language == Language.NL) ? "Verwijder mijn gegevens" : "Delete my data",
					(language == Language.NL) ? "Download mijn gegevens" : "Download my data");
		}
	}

	private void assertCommonParts(RenderedMessage message, String unsubscribe, String forget, String export) {
		assertThat(message.html()).contains("href=\"" + message.links().unsubscribe() + "\"",
				"href=\"" + message.links().forget() + "\"", "href=\"" + message.links().export() + "\"", unsubscribe,
				forget, export);
		assertThat(message.text()).contains(message.links().unsubscribe(), message.links().forget(),
				message.links().export(), unsubscribe, forget, export);
		assertThat(verify(message.links().unsubscribe(), LinkPurpose.UNSUBSCRIBE)).isEqualTo(this.subscriberId);
		assertThat(verify(message.links().forget(), LinkPurpose.FORGET)).isEqualTo(this.subscriberId);
		assertThat(verify(message.links().export(), LinkPurpose.EXPORT)).isEqualTo(this.subscriberId);
		// Not the first campaign's words (they live in its data), no images that
		// could track.
		for (String part : List.of(message.subject(), message.text(), html(message))) {
			assertThat(part).doesNotContainIgnoringCase("linkedin").doesNotContain("<img", "[(", "${");
		}
	}

	/** The HTML as a reader sees it: Thymeleaf escapes the apostrophes in the content. */
	private static String html(RenderedMessage message) {
		return HtmlUtils.htmlUnescape(message.html());
	}

	private UUID verify(String link, LinkPurpose purpose) {
		Matcher matcher = LINK.matcher(link);
		assertThat(matcher.matches()).as(link).isTrue();
		return this.signer.verify(matcher.group(2), purpose, NOW).subscriberId();
	}

	private RenderedMessage render(MessageKind kind, Language language, String waveKey) {
		Campaign campaign = campaign(Map.of(Language.NL, dutch(), Language.EN, english()), deadline());
		return this.messages.render(kind, waveKey, recipient(language), campaign);
	}

	private Recipient recipient(Language language) {
		return new Recipient(this.subscriberId, UUID.randomUUID(), "someone@example.test", language,
				SubscriptionStatus.CONFIRMED, NOW);
	}

	private static Instant deadline() {
		// Midnight in the campaign's zone: the emails say "before 15 March".
		return Instant.parse("2031-03-14T23:00:00Z");
	}

	private static Campaign campaign(Map<Language, Content> content, Instant deadline) {
		return new Campaign(UUID.randomUUID(), "example-photos", CampaignPublished.Status.PUBLISHED, "Example Net",
				deadline, ZoneId.of("Europe/Amsterdam"),
				List.of(new Wave("14d", Duration.ofDays(14), LocalTime.of(9, 0)),
						new Wave("7d", Duration.ofDays(7), LocalTime.of(9, 0))),
				content, 1, Instant.parse("2031-06-01T00:00:00Z"));
	}

	private static Content dutch() {
		return new Content("Voorbeeldnet en je foto's", "Voorbeeldnet wil je foto's gebruiken.",
				List.of("Stap 1: open Instellingen", "Stap 2: zet Foto's delen uit"),
				"https://voorbeeld.example/instellingen/fotos",
				List.of("Je foto's komen in een model.", "Wat ooit is gedeeld, blijft gedeeld."),
				"Profielfoto's en albums; geen privéberichten.");
	}

	private static Content english() {
		return new Content("Example Net and your photos", "Example Net wants to use your photos.",
				List.of("Step 1: open Settings", "Step 2: switch Photo sharing off"),
				"https://example.example/settings/photos",
				List.of("Your photos end up in a model.", "What was shared stays shared."),
				"Profile photos and albums; not private messages.");
	}

}

package nl.tijdig.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.link.LinkProperties;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;
import nl.tijdig.events.link.LinkToken;
import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.notifier.smtp.SmtpFixtures;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.MailpitClient;
import nl.tijdig.testinfra.WithInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every message kind in both languages, sent through {@code tijdig.reminders} on real
 * Kafka, PostgreSQL and SMTP, and read back as MIME from the captured mail: the parts,
 * the headers mailbox providers want of a bulk sender, and every link signed for its
 * purpose. One campaign, one subscriber (and address) per kind and language, all sent at
 * once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notifier")
@WithInfrastructure
class MessageKindsIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final ZoneId TIME_ZONE = ZoneId.of("Europe/Amsterdam");

	/** Links straight at reminder-api: the action is the path, the token the query. */
	private static final Pattern LINK = Pattern
		.compile("(https?://[^\\s\"'<>]+?)/(confirm|unsubscribe|done|forget|my-data)\\?token=([A-Za-z0-9_\\-.]+)");

	private static final Map<Language, String> TITLES = Map.of(Language.NL, "Testnet en jouw gegevens", Language.EN,
			"Testnet and your data");

	private static final Map<MessageKind, Map<Language, String>> SUBJECTS = Map.of(MessageKind.CONFIRMATION,
			Map.of(Language.NL, "Bevestig je aanmelding: ", Language.EN, "Please confirm your sign-up: "),
			MessageKind.WELCOME,
			Map.of(Language.NL, "Welkom! Je kunt het nu al uitzetten: ", Language.EN,
					"Welcome! You can switch it off right now: "),
			MessageKind.WAVE_REMINDER, Map.of(Language.NL, "Nog 10 dagen: ", Language.EN, "10 days left: "),
			MessageKind.DEADLINE_DAY, Map.of(Language.NL, "Laatste oproep: ", Language.EN, "Last call: "),
			MessageKind.GOODBYE,
			Map.of(Language.NL, "Bedankt voor het meedoen: ", Language.EN, "Thank you for taking part: "),
			MessageKind.CORRECTION, Map.of(Language.NL, "Correctie: de stappen zijn veranderd: ", Language.EN,
					"Correction: the steps have changed: "));

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	@Autowired
	private Recipients recipients;

	@Autowired
	private LinkSigner signer;

	@Autowired
	private LinkProperties links;

	@Autowired
	private ApplicationContext context;

	private final MailpitClient mail = Infrastructure.shared().mail();

	private final UUID campaignId = UUID.randomUUID();

	private final Instant signedUp = Instant.now().minusSeconds(60);

	@Test
	void everyKindOfMessageArrivesInBothLanguagesAsTextAndHtmlWithListHeadersAndSignedLinks() throws Exception {
		publishCampaign();
		List<Reader> readers = new ArrayList<>();
		for (MessageKind kind : MessageKind.values()) {
			for (Language language : Language.values()) {
				Reader reader = new Reader(UUID.randomUUID(), kind, language);
				publishSubscriber(reader);
				readers.add(reader);
			}
		}
		assertThat(readers).hasSize(MessageKind.values().length * Language.values().length);
		// Topics are read independently: with every reader known, no reminder waits
		// for a retry.
		await().atMost(PATIENCE)
			.until(() -> readers.stream()
				.allMatch((reader) -> this.recipients.find(reader.subscriberId) instanceof Recipients.Lookup.Known));
		for (Reader reader : readers) {
			publish(reader);
		}
		for (Reader reader : readers) {
			MailpitClient.MessageSummary received = await().atMost(PATIENCE)
				.until(() -> this.mail.messagesTo(reader.email()), (messages) -> !messages.isEmpty())
				.get(0);
			assertMessage(reader, this.mail.mimeMessage(received.id()));
			assertThat(this.mail.messagesTo(reader.email())).as(reader.toString()).hasSize(1);
		}
	}

	private void assertMessage(Reader reader, MimeMessage mime) throws Exception {
		String language = reader.language.name().toLowerCase(Locale.ROOT);
		assertThat(mime.getContentType()).as(reader.toString()).startsWith("multipart/alternative");
		Multipart parts = (Multipart) mime.getContent();
		assertThat(parts.getCount()).as(reader.toString()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).getContentType()).as(reader.toString()).startsWith("text/plain");
		assertThat(parts.getBodyPart(1).getContentType()).as(reader.toString()).startsWith("text/html");
		String text = (String) parts.getBodyPart(0).getContent();
		String html = (String) parts.getBodyPart(1).getContent();
		assertThat(html).as(reader.toString()).contains("<html lang=\"" + language + "\"");

		assertThat(mime.getSubject()).as(reader.toString())
			.isEqualTo(SUBJECTS.get(reader.kind).get(reader.language) + TITLES.get(reader.language));
		assertThat(mime.getHeader("Content-Language", null)).as(reader.toString()).isEqualTo(language);
		assertThat(mime.getHeader("List-Id", null)).as(reader.toString())
			.isEqualTo("<" + slug() + "." + SmtpFixtures.listIdDomain(this.context) + ">");
		assertThat(mime.getMessageID()).as(reader.toString())
			.isEqualTo(SmtpFixtures.messageId(reader.subscriberId, reader.messageKey(),
					SmtpFixtures.sendingDomain(this.context)));
		assertThat(mime.getHeader("List-Unsubscribe-Post", null)).as(reader.toString())
			.isEqualTo("List-Unsubscribe=One-Click");
		String listUnsubscribe = mime.getHeader("List-Unsubscribe", null);
		assertThat(listUnsubscribe).as(reader.toString()).startsWith("<").endsWith(">");
		Matcher oneClick = LINK.matcher(listUnsubscribe);
		assertThat(oneClick.find()).as(reader + ": " + listUnsubscribe).isTrue();
		assertThat(oneClick.group(2)).isEqualTo("unsubscribe");
		assertThat(oneClick.group(1)).as(reader.toString())
			.satisfiesAnyOf((base) -> assertThat(base).startsWith("https://"),
					(base) -> assertThat(base).isEqualTo(this.links.baseUrl()));
		assertSigned(reader, LinkPurpose.UNSUBSCRIBE, oneClick.group(3));

		Set<LinkPurpose> inText = assertLinks(reader, text);
		Set<LinkPurpose> inHtml = assertLinks(reader, html);
		Set<LinkPurpose> expected = EnumSet.of(LinkPurpose.UNSUBSCRIBE, LinkPurpose.FORGET, LinkPurpose.EXPORT);
		switch (reader.kind) {
			case CONFIRMATION -> expected.add(LinkPurpose.CONFIRM);
			case WELCOME, WAVE_REMINDER, DEADLINE_DAY, CORRECTION -> expected.add(LinkPurpose.DONE);
			case GOODBYE -> {
			}
		}
		assertThat(inText).as(reader + " text").isEqualTo(expected);
		assertThat(inHtml).as(reader + " html")
			.containsAll(EnumSet.of(LinkPurpose.UNSUBSCRIBE, LinkPurpose.FORGET, LinkPurpose.EXPORT));
		assertThat(expected).as(reader + " html").containsAll(inHtml);
	}

	/**
	 * @return the purposes of the links found, each checked: on reminder-api, signed for
	 * the action it names and for this reader
	 */
	private Set<LinkPurpose> assertLinks(Reader reader, String body) {
		Set<LinkPurpose> found = EnumSet.noneOf(LinkPurpose.class);
		Matcher link = LINK.matcher(body);
		while (link.find()) {
			assertThat(link.group(1)).as(reader + ": " + link.group()).isEqualTo(this.links.baseUrl());
			LinkPurpose purpose = "my-data".equals(link.group(2)) ? LinkPurpose.EXPORT
					: LinkPurpose.valueOf(link.group(2).toUpperCase(Locale.ROOT));
			assertSigned(reader, purpose, link.group(3));
			found.add(purpose);
		}
		return found;
	}

	private void assertSigned(Reader reader, LinkPurpose purpose, String token) {
		LinkToken verified = this.signer.verify(token, purpose, Instant.now());
		assertThat(verified.purpose()).as(reader.toString()).isEqualTo(purpose);
		assertThat(verified.subscriberId()).as(reader.toString()).isEqualTo(reader.subscriberId);
	}

	private void publish(Reader reader) {
		ReminderRequested reminder = ReminderRequested.of(reader.subscriberId, this.campaignId, reader.kind,
				reader.messageKey(), reader.waveKey(), Instant.now());
		this.kafka.send(Topics.REMINDERS, reader.subscriberId.toString(), reminder).join();
	}

	private void publishSubscriber(Reader reader) {
		SubscriptionChanged change = SubscriptionChanged.of(reader.subscriberId, this.campaignId, reader.email(),
				reader.language, reader.status(), SubscriptionChanged.Change.SIGNED_UP, null, this.signedUp);
		this.kafka.send(Topics.SUBSCRIBERS, reader.subscriberId.toString(), change).join();
	}

	private void publishCampaign() {
		// Noon, ten days ahead in the campaign's zone: "10 days left" whenever the
		// test runs.
		Instant deadline = LocalDate.now(TIME_ZONE).plusDays(10).atTime(12, 0).atZone(TIME_ZONE).toInstant();
		CampaignPublished campaign = new CampaignPublished(UUID.randomUUID(), this.signedUp.minusSeconds(60),
				CampaignPublished.SCHEMA_VERSION, this.campaignId, slug(), CampaignPublished.Status.PUBLISHED,
				"Testnet", deadline, TIME_ZONE.getId(),
				List.of(new Wave("14d", Duration.ofDays(14), LocalTime.of(9, 0)),
						new Wave("7d", Duration.ofDays(7), LocalTime.of(9, 0))),
				Map.of(Language.NL, new Content(TITLES.get(Language.NL), "Testnet wil je gegevens gebruiken.",
						List.of("Open de instellingen", "Zet het uit"), "https://testnet.example/instellingen",
						List.of("Je verliest de controle."), "Je profiel."), Language.EN,
						new Content(TITLES.get(Language.EN), "Testnet wants to use your data.",
								List.of("Open the settings", "Switch it off"), "https://testnet.example/settings",
								List.of("You lose control."), "Your profile.")),
				1, Instant.now().plus(Duration.ofDays(60)));
		this.kafka.send(Topics.CAMPAIGNS, this.campaignId.toString(), campaign).join();
	}

	private String slug() {
		return "kinds-" + this.campaignId.toString().substring(0, 8);
	}

	private record Reader(UUID subscriberId, MessageKind kind, Language language) {

		String email() {
			return "kinds-" + this.subscriberId + "@example.test";
		}

		/** The state in which this reader may have this kind of message. */
		SubscriptionStatus status() {
			return switch (this.kind) {
				case CONFIRMATION -> SubscriptionStatus.PENDING;
				case GOODBYE -> SubscriptionStatus.DONE;
				default -> SubscriptionStatus.CONFIRMED;
			};
		}

		String messageKey() {
			return switch (this.kind) {
				case CONFIRMATION -> "confirmation:1";
				case WAVE_REMINDER -> "wave:14d";
				default -> this.kind.name().toLowerCase(Locale.ROOT);
			};
		}

		String waveKey() {
			return (this.kind == MessageKind.WAVE_REMINDER) ? "14d" : null;
		}

	}

}

package nl.tijdig.notifier.smtp;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.message.MessageLinks;
import nl.tijdig.notifier.message.RenderedMessage;
import nl.tijdig.notifier.message.WrittenText;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.testinfra.MovableClock;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailPreparationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MailerTests {

	private final Session session = Session.getInstance(new Properties());

	private final Mailer mailer = new Mailer(new SenderProperties("Tijdig <herinnering@tijdig.example>",
			"tijdig.example", "lists.tijdig.example", "", false),
			Clock.fixed(Instant.parse("2031-03-01T09:00:00Z"), ZoneOffset.UTC), DkimSigning.off());

	private final Recipient recipient = new Recipient(UUID.randomUUID(), UUID.randomUUID(), "lezer@example.test",
			Language.NL, SubscriptionStatus.CONFIRMED, Instant.now());

	private final Campaign campaign = new Campaign(UUID.randomUUID(), "example-photos",
			CampaignPublished.Status.PUBLISHED, "Example Net", Instant.parse("2031-03-15T00:00:00Z"),
			ZoneId.of("Europe/Amsterdam"), List.of(), Map.of(), 1, null);

	private final RenderedMessage message = new RenderedMessage(Language.NL, "Onderwerp met één accent", "Tekst",
			"<p>HTML</p>", new MessageLinks("https://t.test/confirm?token=c", "https://t.test/unsubscribe?token=u",
					"https://t.test/done?token=d", "https://t.test/forget?token=f", "https://t.test/my-data?token=e"));

	@Test
	void theMessageIdIsTheStableOneOnTheWire() throws Exception {
		String messageId = this.mailer.messageIdOf(this.recipient, "wave:14d");
		OutgoingMail mail = this.mailer.compose(this.recipient, this.campaign, this.message, messageId);

		assertThat(mail.parse(this.session).getMessageID()).isEqualTo(messageId);
		assertThat(mail.forTransport(this.session).getMessageID()).isEqualTo(messageId);
		assertThat(this.mailer.messageIdOf(this.recipient, "wave:14d")).isEqualTo(messageId);
	}

	@Test
	void theEnvelopeGoesFromTheSenderToTheRecipientOnly() throws Exception {
		OutgoingMail mail = this.mailer.compose(this.recipient, this.campaign, this.message, "<id@tijdig.example>");

		assertThat(mail.from()).isEqualTo(new InternetAddress("herinnering@tijdig.example"));
		assertThat(mail.to()).isEqualTo(new InternetAddress("lezer@example.test"));
		assertThat(mail.parse(this.session).getAllRecipients())
			.containsExactly(new InternetAddress("lezer@example.test"));
	}

	@Test
	void withVerpEachMessageGoesFromAReturnPathThatNamesIt() throws Exception {
		Mailer verp = new Mailer(new SenderProperties("Tijdig <herinnering@tijdig.example>", "tijdig.example",
				"lists.tijdig.example", "bounces@tijdig.example", true), Clock.systemUTC(), DkimSigning.off());
		String messageId = verp.messageIdOf(this.recipient, "wave:14d");

		OutgoingMail mail = verp.compose(this.recipient, this.campaign, this.message, messageId);

		String token = messageId.substring(1, messageId.indexOf('@'));
		assertThat(mail.from().getAddress()).isEqualTo("bounces+" + token + "@tijdig.example");
		assertThat(mail.forTransport(this.session).getFrom()).containsExactly(mail.from());
		assertThat(mail.parse(this.session).getHeader("From", null)).as("the From header stays")
			.isEqualTo("Tijdig <herinnering@tijdig.example>");
		assertThat(verp.messageIdOfReturnPath(mail.from().getAddress())).isEqualTo(messageId);
		assertThat(verp.messageIdOfReturnPath("BOUNCES+" + token.toUpperCase() + "@tijdig.example"))
			.isEqualTo(messageId);
	}

	@Test
	void aReturnPathWithoutVerpIsTheEnvelopeSenderOfEveryMessage() throws Exception {
		Mailer returnPath = new Mailer(new SenderProperties("Tijdig <herinnering@tijdig.example>", "tijdig.example",
				"lists.tijdig.example", "bounces@tijdig.example", false), Clock.systemUTC(), DkimSigning.off());

		OutgoingMail mail = returnPath.compose(this.recipient, this.campaign, this.message, "<id@tijdig.example>");

		assertThat(mail.from()).isEqualTo(new InternetAddress("bounces@tijdig.example"));
	}

	@Test
	void anAddressThatWouldAddAHeaderIsNotWritten() {
		Recipient smuggling = new Recipient(UUID.randomUUID(), UUID.randomUUID(),
				"lezer@example.test\r\nBcc: other@example.test", Language.NL, SubscriptionStatus.CONFIRMED,
				Instant.now());

		assertThatExceptionOfType(MailPreparationException.class)
			.isThrownBy(() -> this.mailer.compose(smuggling, this.campaign, this.message, "<id@tijdig.example>"))
			.withMessageNotContaining("lezer");
	}

	@Test
	void longLinesNonAsciiAndLoneDotsArriveAsWritten() throws Exception {
		String text = "Één regel met é, = en een spatie aan het eind \n.\n" + "x".repeat(300) + "\r\nlaatste regel";
		// Encoded, the ü take six bytes each: far more than the message was sized for.
		String html = "<p>" + "ü".repeat(2000) + "</p>\n<p>=3D is geen code</p>";
		RenderedMessage odd = new RenderedMessage(Language.NL, "Één " + "heel lang onderwerp ".repeat(10), text, html,
				this.message.links());

		OutgoingMail mail = this.mailer.compose(this.recipient, this.campaign, odd, "<id@tijdig.example>");

		String wire = new String(mail.content(), StandardCharsets.US_ASCII);
		assertThat(wire.split("\r\n")).allSatisfy((line) -> assertThat(line.length()).isLessThanOrEqualTo(78));
		assertThat(wire.replace("\r\n", "")).doesNotContain("\n", "\r");
		MimeMessage received = mail.parse(this.session);
		assertThat(received.getSubject()).isEqualTo(odd.subject());
		Multipart parts = (Multipart) received.getContent();
		assertThat(parts.getBodyPart(0).getContent()).isEqualTo(text.replace("\r\n", "\n").replace("\n", "\r\n"));
		assertThat(parts.getBodyPart(1).getContent()).isEqualTo(html.replace("\n", "\r\n"));
	}

	@Test
	void aPartWrittenForEveryReaderArrivesAsTheReadersOwnText() throws Exception {
		// Pieces that end mid-line, at the edge of a line, in a space and in non-ASCII,
		// links long enough to be folded, and two links side by side: the pieces are
		// encoded once, only the links per reader.
		MessageLinks links = new MessageLinks("https://t.test/confirm?token=" + "c".repeat(120),
				"https://t.test/unsubscribe?token=u&x=1", "https://t.test/done?token=d",
				"https://t.test/forget?token=f", "https://t.test/my-data?token=e");
		WrittenText text = new WrittenText(List.of("Bevestig hier: ", " of ".repeat(18) + "x", "", "\nKlaar? Zeg het ",
				".\n" + "y".repeat(74), " é\n."), new int[] { 0, 1, 2, 3, 4 }, false);
		WrittenText html = new WrittenText(List.of("<a href=\"", "\">één</a> ".repeat(9), "\"></p>"),
				new int[] { 1, 0 }, true);
		RenderedMessage written = new RenderedMessage(Language.NL, "Onderwerp", text, html, links);

		for (int reader = 0; reader < 2; reader++) {
			OutgoingMail mail = this.mailer.compose(this.recipient, this.campaign, written, "<id@tijdig.example>");

			String wire = new String(mail.content(), StandardCharsets.US_ASCII);
			assertThat(wire.split("\r\n")).allSatisfy((line) -> assertThat(line.length()).isLessThanOrEqualTo(76));
			Multipart parts = (Multipart) mail.parse(this.session).getContent();
			assertThat(parts.getBodyPart(0).getContent()).isEqualTo(written.text().replace("\n", "\r\n"));
			assertThat(parts.getBodyPart(1).getContent()).isEqualTo(written.html());
			assertThat(written.html()).contains("token=u&amp;x=1");
		}
	}

	@Test
	void theMessageCarriesTheHeadersOfAWellBehavedBulkSender() throws Exception {
		MimeMessage mime = this.mailer.compose(this.recipient, this.campaign, this.message, "<id@tijdig.example>")
			.parse(this.session);

		assertThat(mime.getHeader("List-Unsubscribe", null)).isEqualTo("<https://t.test/unsubscribe?token=u>");
		assertThat(mime.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
		assertThat(mime.getHeader("List-Id", null)).isEqualTo("<example-photos.lists.tijdig.example>");
		assertThat(mime.getHeader("Content-Language", null)).isEqualTo("nl");
		assertThat(mime.getFrom()).containsExactly(new InternetAddress("Tijdig <herinnering@tijdig.example>"));
		assertThat(mime.getSubject()).isEqualTo("Onderwerp met één accent");
		assertThat(mime.getSentDate()).isEqualTo(Date.from(Instant.parse("2031-03-01T09:00:00Z")));
	}

	@Test
	void eachMessageIsDatedByTheSecondItIsWrittenIn() throws Exception {
		// The header is formatted once a second: a message of the next second, and one
		// of a second in between, must not get the one before.
		MovableClock clock = new MovableClock(Instant.parse("2031-03-01T09:00:00.900Z"));
		Mailer mailer = new Mailer(new SenderProperties("Tijdig <herinnering@tijdig.example>", "tijdig.example",
				"lists.tijdig.example", "", false), clock, DkimSigning.off());
		List<Date> dates = new ArrayList<>();
		for (Duration step : List.of(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(100),
				Duration.ofSeconds(61))) {
			clock.advance(step);
			dates.add(mailer.compose(this.recipient, this.campaign, this.message, "<id@tijdig.example>")
				.parse(this.session)
				.getSentDate());
		}

		assertThat(dates).containsExactly(Date.from(Instant.parse("2031-03-01T09:00:00Z")),
				Date.from(Instant.parse("2031-03-01T09:00:00Z")), Date.from(Instant.parse("2031-03-01T09:00:01Z")),
				Date.from(Instant.parse("2031-03-01T09:01:02Z")));
	}

	@Test
	void withDkimTheSignatureCoversBothListUnsubscribeHeadersAndKeepsTheMessageId() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		Mailer signing = new Mailer(
				new SenderProperties("Tijdig <herinnering@tijdig.example>", "tijdig.example", "lists.tijdig.example",
						"", false),
				Clock.systemUTC(), new DkimSigning(new DkimProperties(true, "tijdig.example", "mail2031",
						new ByteArrayResource(pem.getBytes(StandardCharsets.US_ASCII)))));

		MimeMessage received = signing.compose(this.recipient, this.campaign, this.message, "<id@tijdig.example>")
			.parse(this.session);

		String signature = received.getHeader("DKIM-Signature", null).replaceAll("\\s", "");
		assertThat(signature).contains("d=tijdig.example", "s=mail2031", "a=rsa-sha256", "c=relaxed/relaxed");
		assertThat(signature.substring(signature.indexOf("h=")).toLowerCase(Locale.ROOT)).contains("list-unsubscribe:",
				"list-unsubscribe-post", "from", "message-id");
		assertThat(received.getMessageID()).isEqualTo("<id@tijdig.example>");
	}

	@Test
	void theBodyIsPlainTextAndHtmlAsAlternatives() throws Exception {
		MimeMessage mime = this.mailer.compose(this.recipient, this.campaign, this.message, "<id@tijdig.example>")
			.parse(this.session);

		assertThat(mime.getContentType()).startsWith("multipart/alternative");
		Multipart parts = (Multipart) mime.getContent();
		assertThat(parts.getCount()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
		assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Tekst");
		assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
		assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>HTML</p>");
	}

}

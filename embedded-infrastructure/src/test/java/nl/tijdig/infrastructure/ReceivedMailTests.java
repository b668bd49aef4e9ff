package nl.tijdig.infrastructure;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.tijdig.infrastructure.ReceivedMail.Mailbox;

import static org.assertj.core.api.Assertions.assertThat;

class ReceivedMailTests {

	private static final Instant RECEIVED = Instant.parse("2025-10-20T08:00:00Z");

	@Test
	void headerNamesAreSpelledAsGoSpellsThem() {
		assertThat(ReceivedMail.canonicalName("message-id")).isEqualTo("Message-Id");
		assertThat(ReceivedMail.canonicalName("LIST-UNSUBSCRIBE-POST")).isEqualTo("List-Unsubscribe-Post");
		assertThat(ReceivedMail.canonicalName("X-Tijdig-Wave")).isEqualTo("X-Tijdig-Wave");
		assertThat(ReceivedMail.canonicalName("odd name")).isEqualTo("odd name");
	}

	@Test
	void readsAddressesSubjectAndFoldedHeaders() {
		ReceivedMail mail = mail("""
				From: =?UTF-8?Q?Tijdig_=C3=A9?= <herinnering@tijdig.nl>
				To: Anne <anne@example.org>, bram@example.org
				Subject: =?UTF-8?Q?V=C3=B3=C3=B3r_3_november?=
				Message-ID: <abc@tijdig.nl>
				List-Unsubscribe: <mailto:unsubscribe@tijdig.nl>,
				 <https://tijdig.nl/u?t=1>
				Date: Mon, 20 Oct 2025 10:00:00 +0200

				Hello
				""", List.of("anne@example.org", "bram@example.org", "secret@example.org"));

		assertThat(mail.from()).isEqualTo(new Mailbox("Tijdig é", "herinnering@tijdig.nl"));
		assertThat(mail.to()).containsExactly(new Mailbox("Anne", "anne@example.org"),
				new Mailbox("", "bram@example.org"));
		assertThat(mail.bcc()).containsExactly(new Mailbox("", "secret@example.org"));
		assertThat(mail.subject()).isEqualTo("Vóór 3 november");
		assertThat(mail.messageId()).isEqualTo("abc@tijdig.nl");
		assertThat(mail.date()).isEqualTo(Instant.parse("2025-10-20T08:00:00Z"));
		assertThat(mail.listUnsubscribe()).isEqualTo("<mailto:unsubscribe@tijdig.nl>, <https://tijdig.nl/u?t=1>");
		assertThat(mail.listUnsubscribeLinks()).containsExactly("mailto:unsubscribe@tijdig.nl",
				"https://tijdig.nl/u?t=1");
		assertThat(mail.text()).isEqualTo("Hello\r\n");
		assertThat(mail.snippet()).isEqualTo("Hello");
	}

	@Test
	void snippetFallsBackToTheTextOfTheHtmlBody() {
		ReceivedMail mail = mail("""
				Subject: Html only
				Content-Type: text/html; charset=UTF-8

				<html><head><style>p{color:red}</style></head><body><p>Zet het&nbsp;uit &amp; klaar</p></body></html>
				""", List.of());

		assertThat(mail.text()).isEmpty();
		assertThat(mail.html()).contains("<p>Zet het&nbsp;uit &amp; klaar</p>");
		assertThat(mail.snippet()).isEqualTo("Zet het uit & klaar");
	}

	@Test
	void attachmentsAreListedApartFromTheBodies() {
		ReceivedMail mail = mail("""
				Subject: With attachment
				MIME-Version: 1.0
				Content-Type: multipart/mixed; boundary="b"

				--b
				Content-Type: text/plain; charset=UTF-8

				Body
				--b
				Content-Type: application/pdf; name="uitleg.pdf"
				Content-Disposition: attachment; filename="uitleg.pdf"
				Content-Transfer-Encoding: base64

				JVBERi0=
				--b--
				""", List.of());

		assertThat(mail.text()).startsWith("Body");
		assertThat(mail.attachments()).singleElement().satisfies((attachment) -> {
			assertThat(attachment.partId()).isEqualTo("2");
			assertThat(attachment.fileName()).isEqualTo("uitleg.pdf");
			assertThat(attachment.contentType()).isEqualTo("application/pdf");
		});
	}

	@Test
	void garbageIsKeptAndShownAsFarAsItCanBeRead() {
		byte[] garbage = { 0, (byte) 0xff, 'x', '\n', ':', ':' };

		ReceivedMail mail = ReceivedMail.of("id", RECEIVED, garbage, "", List.of("a@example.org"));

		assertThat(mail.raw()).isEqualTo(garbage);
		assertThat(mail.subject()).isEmpty();
		assertThat(mail.from()).isNull();
		assertThat(mail.date()).isEqualTo(RECEIVED);
		assertThat(mail.bcc()).containsExactly(new Mailbox("", "a@example.org"));
	}

	private static ReceivedMail mail(String source, List<String> envelopeTo) {
		byte[] raw = source.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
		return ReceivedMail.of("id", RECEIVED, raw, "herinnering@tijdig.nl", envelopeTo);
	}

}

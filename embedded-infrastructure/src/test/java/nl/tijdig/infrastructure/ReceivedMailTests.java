package nl.tijdig.infrastructure;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import nl.tijdig.infrastructure.ReceivedMail.Mailbox;

import static org.assertj.core.api.Assertions.assertThat;

class ReceivedMailTests {

	private static final Instant RECEIVED = Instant.parse("2025-10-20T08:00:00Z");

	@Test
	void readsAddressesSubjectAndFoldedHeaders() {
		ReceivedMail mail = mail("""
				From: =?UTF-8?Q?Tijdig_=C3=A9?= <herinnering@tijdig.nl>
				To: Anne <anne@example.org>, bram@example.org
				Subject: =?UTF-8?Q?V=C3=B3=C3=B3r_3_november?=
				Message-ID: <abc@tijdig.nl>
				List-Unsubscribe: <mailto:unsubscribe@tijdig.nl>,
				 <https://tijdig.nl/u?t=1>
				X-Tijdig-Wave: 1
				X-TIJDIG-WAVE: 2

				Hello
				""");

		assertThat(mail.from()).isEqualTo(new Mailbox("Tijdig é", "herinnering@tijdig.nl"));
		assertThat(mail.to()).containsExactly(new Mailbox("Anne", "anne@example.org"),
				new Mailbox("", "bram@example.org"));
		assertThat(mail.subject()).isEqualTo("Vóór 3 november");
		assertThat(mail.messageId()).isEqualTo("abc@tijdig.nl");
		assertThat(mail.header("list-unsubscribe"))
			.isEqualTo("<mailto:unsubscribe@tijdig.nl>, <https://tijdig.nl/u?t=1>");
		assertThat(mail.headers().get("X-Tijdig-Wave")).containsExactly("1", "2");
		assertThat(mail.text()).isEqualTo("Hello\r\n");
		assertThat(mail.snippet()).isEqualTo("Hello");
	}

	@Test
	void snippetFallsBackToTheTextOfTheHtmlBody() {
		ReceivedMail mail = mail("""
				Subject: Html only
				Content-Type: text/html; charset=UTF-8

				<html><head><style>p{color:red}</style></head><body><p>Zet het&nbsp;uit &amp; klaar</p></body></html>
				""");

		assertThat(mail.text()).isEmpty();
		assertThat(mail.html()).contains("<p>Zet het&nbsp;uit &amp; klaar</p>");
		assertThat(mail.snippet()).isEqualTo("Zet het uit & klaar");
	}

	@Test
	void theBodiesAreTheTextAndHtmlPartsThatAreNoAttachment() {
		ReceivedMail mail = mail("""
				Subject: With attachment
				MIME-Version: 1.0
				Content-Type: multipart/mixed; boundary="b"

				--b
				Content-Type: text/plain; charset=UTF-8
				Content-Disposition: attachment; filename="notes.txt"

				Not the body
				--b
				Content-Type: multipart/alternative; boundary="c"

				--c
				Content-Type: text/plain; charset=UTF-8

				Body
				--c
				Content-Type: text/html; charset=UTF-8

				<p>Body</p>
				--c--
				--b--
				""");

		assertThat(mail.text()).startsWith("Body");
		assertThat(mail.html()).startsWith("<p>Body</p>");
	}

	@Test
	void garbageIsKeptAndShownAsFarAsItCanBeRead() {
		byte[] garbage = { 0, (byte) 0xff, 'x', '\n', ':', ':' };

		ReceivedMail mail = ReceivedMail.of("id", RECEIVED, garbage);

		assertThat(mail.raw()).isEqualTo(garbage);
		assertThat(mail.subject()).isEmpty();
		assertThat(mail.from()).isNull();
		assertThat(mail.to()).isEmpty();
		assertThat(mail.snippet()).isEmpty();
	}

	private static ReceivedMail mail(String source) {
		return ReceivedMail.of("id", RECEIVED, source.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
	}

}

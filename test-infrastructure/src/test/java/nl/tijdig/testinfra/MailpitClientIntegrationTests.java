package nl.tijdig.testinfra;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.MailpitClient;
import nl.tijdig.infrastructure.MailpitClient.Address;
import nl.tijdig.infrastructure.MailpitClient.Chaos;
import nl.tijdig.infrastructure.MailpitClient.MessageSummary;
import nl.tijdig.infrastructure.MailpitClient.Trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the services' tests read from the mail catcher, through the client, against the
 * shared infrastructure: the embedded inbox here, and real Mailpit under
 * {@code -Pcontainers}, so that passing both shows the embedded API is Mailpit's where
 * the tests lean on it. Sent over SMTP as the services send.
 */
class MailpitClientIntegrationTests {

	private final Infrastructure infrastructure = Infrastructure.shared();

	private final MailpitClient mail = this.infrastructure.mail();

	@BeforeEach
	void emptyInbox() {
		this.mail.deleteAll();
		this.mail.chaos(Chaos.none());
	}

	@AfterEach
	void noChaosLeftBehind() {
		this.mail.chaos(Chaos.none());
	}

	@Test
	void messageSentOverSmtpIsListedWithItsRecipients() throws Exception {
		send(reminder("Zet het vóór 3 november uit"));

		assertThat(this.mail.messages()).singleElement().satisfies((message) -> {
			assertThat(message.id()).matches("[A-Za-z0-9]+");
			assertThat(message.messageId()).isEqualTo("reminder-1@tijdig.nl");
			assertThat(message.to()).containsExactly(new Address("Anne", "anne@example.org"));
			assertThat(message.subject()).isEqualTo("Zet het vóór 3 november uit");
		});
		assertThat(this.mail.messagesTo("ANNE@example.org")).hasSize(1);
		assertThat(this.mail.messagesTo("nobody@example.org")).isEmpty();
	}

	@Test
	void messageHasItsTextHtmlAndUnsubscribeHeader() throws Exception {
		send(reminder("Bodies"));
		String id = this.mail.messages().get(0).id();

		MailpitClient.Message message = this.mail.message(id);

		assertThat(message.subject()).isEqualTo("Bodies");
		assertThat(message.to()).extracting(Address::address).containsExactly("anne@example.org");
		assertThat(message.text()).contains("Ga naar Instellingen").contains("https://tijdig.nl/done?t=abc");
		assertThat(message.html()).contains("<p>Ga naar <b>Instellingen</b></p>");
		assertThat(message.listUnsubscribe()).isEqualTo("<https://tijdig.nl/unsubscribe?t=abc>");
		assertThat(this.mail.message("latest").id()).isEqualTo(id);
	}

	@Test
	void rawSourceParsesBackToTheMessageSent() throws Exception {
		send(reminder("Raw"));
		String id = this.mail.messages().get(0).id();

		MimeMessage received = this.mail.mimeMessage(id);

		assertThat(received.getSubject()).isEqualTo("Raw");
		assertThat(received.getMessageID()).isEqualTo("<reminder-1@tijdig.nl>");
		Multipart alternatives = (Multipart) received.getContent();
		assertThat(alternatives.getCount()).isEqualTo(2);
		assertThat(alternatives.getBodyPart(0).getContent().toString()).contains("Ga naar Instellingen");
		assertThat(new String(this.mail.raw(id), StandardCharsets.US_ASCII))
			.contains("Message-ID: <reminder-1@tijdig.nl>");
	}

	@Test
	void headersAreFoundByNameWhateverItsCaseWithAllTheirValues() throws Exception {
		send(reminder("Headers"));
		String id = this.mail.messages().get(0).id();

		Map<String, List<String>> headers = this.mail.headers(id);

		assertThat(headers.get("message-id")).containsExactly("<reminder-1@tijdig.nl>");
		assertThat(headers.get("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
		assertThat(headers.get("X-Tijdig-Wave")).containsExactly("1", "2");
	}

	@Test
	void messagesAreListedNewestFirstAndInPages() throws Exception {
		for (String subject : List.of("First", "Second", "Third")) {
			send(reminder(subject));
		}

		assertThat(this.mail.messages()).extracting(MessageSummary::subject)
			.containsExactly("Third", "Second", "First");
		JsonNode page = get("api/v1/messages?start=1&limit=1");
		assertThat(page.path("total").asInt()).isEqualTo(3);
		assertThat(page.path("count").asInt()).isEqualTo(1);
		assertThat(page.path("start").asInt()).isEqualTo(1);
		assertThat(page.path("messages").get(0).path("Subject").asString()).isEqualTo("Second");
	}

	@Test
	void deleteAllEmptiesTheInbox() throws Exception {
		send(reminder("One"));
		send(reminder("Two"));
		assertThat(this.mail.messages()).hasSize(2);

		this.mail.deleteAll();

		assertThat(this.mail.messages()).isEmpty();
	}

	@Test
	void unknownMessageIsNotFound() {
		// Tried: an ID of the right shape that does not exist, and one of the wrong
		// shape.
		for (String id : List.of("doesNotExist", "../messages")) {
			assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> this.mail.message(id));
			assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> this.mail.raw(id));
			assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> this.mail.headers(id));
		}
	}

	@Test
	void oneMessageToManyRecipientsIsKeptOnce() throws Exception {
		MimeMessage message = reminder("Many");
		message.addRecipients(RecipientType.TO, InternetAddress.parse("c@example.org, d@example.org"));
		send(message);

		assertThat(this.mail.messages()).singleElement()
			.satisfies((summary) -> assertThat(summary.to()).extracting(Address::address)
				.containsExactly("anne@example.org", "c@example.org", "d@example.org"));
	}

	@Test
	void anySmtpCredentialsAreAccepted() throws Exception {
		Properties properties = smtpProperties();
		properties.put("mail.smtp.auth", "true");
		Session session = Session.getInstance(properties);
		MimeMessage message = reminder("Authenticated", session);
		try (Transport transport = session.getTransport("smtp")) {
			transport.connect("notifier", "any-password");
			transport.sendMessage(message, message.getAllRecipients());
		}

		assertThat(this.mail.messages()).extracting(MessageSummary::subject).containsExactly("Authenticated");
	}

	@Test
	void recipientTriggerRefusesEveryRecipientUntilReset() throws Exception {
		Chaos triggers = this.mail.chaos(Chaos.none().withRecipient(Trigger.always(550)));
		assertThat(triggers.recipient()).isEqualTo(new Trigger(550, 100));

		assertThatExceptionOfType(SendFailedException.class).isThrownBy(() -> send(reminder("Bounced")))
			.satisfies((ex) -> assertThat(ex.getNextException()).isInstanceOfSatisfying(
					SMTPAddressFailedException.class, (failed) -> assertThat(failed.getReturnCode()).isEqualTo(550)));
		assertThat(this.mail.chaos(Chaos.none())).isEqualTo(Chaos.none());
		send(reminder("Delivered"));

		assertThat(this.mail.messages()).extracting(MessageSummary::subject).containsExactly("Delivered");
	}

	private MimeMessage reminder(String subject) throws MessagingException {
		return reminder(subject, Session.getInstance(smtpProperties()));
	}

	private static MimeMessage reminder(String subject, Session session) throws MessagingException {
		MimeMessage message = new MimeMessage(session) {

			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", "<reminder-1@tijdig.nl>");
			}

		};
		try {
			message.setFrom(new InternetAddress("herinnering@tijdig.nl", "Tijdig"));
			message.setRecipient(RecipientType.TO, new InternetAddress("anne@example.org", "Anne"));
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
		message.setSubject(subject, "UTF-8");
		message.setHeader("List-Unsubscribe", "<https://tijdig.nl/unsubscribe?t=abc>");
		message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
		message.addHeader("X-Tijdig-Wave", "1");
		message.addHeader("X-Tijdig-Wave", "2");
		MimeBodyPart text = new MimeBodyPart();
		text.setText("Ga naar Instellingen en zet het uit.\nKlaar? https://tijdig.nl/done?t=abc", "UTF-8");
		MimeBodyPart html = new MimeBodyPart();
		html.setContent("<html><body><p>Ga naar <b>Instellingen</b></p></body></html>", "text/html; charset=UTF-8");
		message.setContent(new MimeMultipart("alternative", text, html));
		return message;
	}

	private static void send(MimeMessage message) throws MessagingException {
		Transport.send(message);
	}

	private Properties smtpProperties() {
		Properties properties = new Properties();
		properties.put("mail.smtp.host", this.infrastructure.smtpHost());
		properties.put("mail.smtp.port", String.valueOf(this.infrastructure.smtpPort()));
		return properties;
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.mail.baseUrl()).resolve(path)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonMapper.builder().build().readTree(response.body());
	}

}

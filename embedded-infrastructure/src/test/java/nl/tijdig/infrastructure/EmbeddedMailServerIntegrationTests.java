package nl.tijdig.infrastructure;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;

import jakarta.mail.AuthenticationFailedException;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nl.tijdig.infrastructure.MailpitClient.Address;
import nl.tijdig.infrastructure.MailpitClient.Chaos;
import nl.tijdig.infrastructure.MailpitClient.MessageSummary;
import nl.tijdig.infrastructure.MailpitClient.Trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EmbeddedMailServerIntegrationTests {

	private static EmbeddedMailServer server;

	private static MailpitClient mail;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startServer() {
		server = EmbeddedMailServer.start();
		mail = server.client();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void emptyInbox() {
		mail.deleteAll();
		mail.chaos(Chaos.none());
	}

	@Test
	void messageSentOverSmtpIsListedWithItsRecipients() throws Exception {
		send(reminder("Zet het vóór 3 november uit"));

		List<MessageSummary> messages = mail.messages();

		assertThat(messages).singleElement().satisfies((message) -> {
			assertThat(message.id()).matches("[A-Za-z0-9]{22}");
			assertThat(message.messageId()).isEqualTo("reminder-1@tijdig.nl");
			assertThat(message.from()).isEqualTo(new Address("Tijdig", "herinnering@tijdig.nl"));
			assertThat(message.to()).containsExactly(new Address("Anne", "anne@example.org"));
			assertThat(message.cc()).containsExactly(new Address("", "bram@example.org"));
			assertThat(message.bcc()).containsExactly(new Address("", "hidden@example.org"));
			assertThat(message.subject()).isEqualTo("Zet het vóór 3 november uit");
			assertThat(message.snippet()).startsWith("Ga naar Instellingen");
			assertThat(message.created()).isNotNull();
			assertThat(message.size()).isPositive();
			assertThat(message.isTo("HIDDEN@example.org")).isTrue();
		});
		assertThat(mail.messagesTo("bram@example.org")).hasSize(1);
		assertThat(mail.messagesTo("nobody@example.org")).isEmpty();
	}

	@Test
	void messageHasItsTextAndHtmlBodies() throws Exception {
		send(reminder("Bodies"));
		String id = mail.messages().get(0).id();

		MailpitClient.Message message = mail.message(id);

		assertThat(message.text()).contains("Ga naar Instellingen").contains("https://tijdig.nl/done?t=abc");
		assertThat(message.html()).contains("<p>Ga naar <b>Instellingen</b></p>");
		assertThat(message.listUnsubscribe()).isEqualTo("<https://tijdig.nl/unsubscribe?t=abc>");
		assertThat(message.listUnsubscribePost()).isEqualTo("List-Unsubscribe=One-Click");
		assertThat(message.date()).isNotNull();
		assertThat(mail.message("latest").id()).isEqualTo(id);
	}

	@Test
	void rawSourceParsesBackToTheMessageSent() throws Exception {
		send(reminder("Raw"));
		String id = mail.messages().get(0).id();

		MimeMessage received = mail.mimeMessage(id);

		assertThat(received.getSubject()).isEqualTo("Raw");
		assertThat(received.getMessageID()).isEqualTo("<reminder-1@tijdig.nl>");
		assertThat(received.getContent()).isInstanceOf(Multipart.class);
		Multipart alternatives = (Multipart) received.getContent();
		assertThat(alternatives.getCount()).isEqualTo(2);
		assertThat(alternatives.getBodyPart(0).getContent().toString()).contains("Ga naar Instellingen");
		assertThat(new String(mail.raw(id), StandardCharsets.US_ASCII)).contains("Message-ID: <reminder-1@tijdig.nl>");
	}

	@Test
	void headersAreListedByNameWithAllTheirValues() throws Exception {
		send(reminder("Headers"));
		String id = mail.messages().get(0).id();

		Map<String, List<String>> headers = mail.headers(id);

		// Mailpit spells names as Go does; the client looks them up without regard to
		// case.
		assertThat(headers).containsKey("Message-Id");
		assertThat(headers.get("Message-ID")).containsExactly("<reminder-1@tijdig.nl>");
		assertThat(headers.get("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
		assertThat(headers.get("X-Tijdig-Wave")).containsExactly("1", "2");
		assertThat(headers.get("Subject")).containsExactly("Headers");
	}

	@Test
	void deleteAllEmptiesTheInbox() throws Exception {
		send(reminder("One"));
		send(reminder("Two"));
		assertThat(mail.messages()).hasSize(2);

		mail.deleteAll();

		assertThat(mail.messages()).isEmpty();
	}

	@Test
	void messagesAreListedNewestFirstAndInPages() throws Exception {
		for (String subject : List.of("First", "Second", "Third")) {
			send(reminder(subject));
		}

		assertThat(mail.messages()).extracting(MessageSummary::subject).containsExactly("Third", "Second", "First");
		HttpResponse<String> page = get("/api/v1/messages?start=1&limit=1");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("\"total\":3", "\"count\":1", "\"start\":1", "\"Subject\":\"Second\"")
			.doesNotContain("\"Subject\":\"Third\"");
	}

	@Test
	void unknownMessageIsNotFound() throws Exception {
		assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> mail.message("doesNotExist"));
		assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> mail.raw("doesNotExist"));
		assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> mail.headers("doesNotExist"));
		assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> mail.message("latest"));

		HttpResponse<String> response = get("/api/v1/message/doesNotExist/raw");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).contains("\"Error\"");
	}

	@Test
	void badRequestsGetAClientErrorNeverAServerError() throws Exception {
		send(reminder("Present"));
		String id = mail.messages().get(0).id();

		assertThat(rawStatus("GET /api/v1/message/%zz HTTP/1.1")).isIn(400, 404);
		assertThat(rawStatus("GET /api/v1/message/\u00e9 HTTP/1.1")).isIn(400, 404);
		assertThat(get("/api/v1/message/" + id + "/unknown").statusCode()).isEqualTo(404);
		assertThat(get("/api/v1/nothing-here").statusCode()).isEqualTo(404);
		assertThat(get("/api/v1/messages?start=x&limit=-3&unknown").statusCode()).isEqualTo(200);
		assertThat(rawStatus("GET /api/v1/messages?start=%zz HTTP/1.1")).isEqualTo(400);
		assertThat(get("/message/..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(404);
		assertThat(get("/view/doesNotExist.html").statusCode()).isEqualTo(404);
		HttpResponse<String> post = request("POST", "/api/v1/messages");
		assertThat(post.statusCode()).isEqualTo(405);
		assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD, DELETE");
		assertThat(request("DELETE", "/api/v1/message/" + id).statusCode()).isEqualTo(405);
		assertThat(request("PUT", "/").statusCode()).isEqualTo(405);
		assertThat(mail.messages()).hasSize(1);
	}

	@Test
	void oneMessageToManyRecipientsIsKeptOnce() throws Exception {
		MimeMessage message = reminder("Many");
		message.addRecipients(RecipientType.TO, InternetAddress.parse("c@example.org, d@example.org"));
		send(message);

		assertThat(mail.messages()).singleElement()
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

		assertThat(mail.messages()).extracting(MessageSummary::subject).containsExactly("Authenticated");
	}

	@Test
	void chaosTriggersMakeSmtpCommandsFail() throws Exception {
		Chaos triggers = mail.chaos(Chaos.none().withRecipient(Trigger.always(550)));
		assertThat(triggers.recipient()).isEqualTo(new Trigger(550, 100));
		assertThat(mail.chaos().sender()).isEqualTo(Trigger.never(451));

		assertThatExceptionOfType(SendFailedException.class).isThrownBy(() -> send(reminder("Bounced")))
			.satisfies((ex) -> assertThat(ex.getNextException()).isInstanceOfSatisfying(
					SMTPAddressFailedException.class, (failed) -> assertThat(failed.getReturnCode()).isEqualTo(550)));
		mail.chaos(Chaos.none().withSender(Trigger.always(451)));
		assertThatExceptionOfType(MessagingException.class).isThrownBy(() -> send(reminder("Deferred")))
			.withMessageContaining("451");
		mail.chaos(Chaos.none().withAuthentication(Trigger.always(535)));
		Properties authenticated = smtpProperties();
		authenticated.put("mail.smtp.auth", "true");
		try (Transport transport = Session.getInstance(authenticated).getTransport("smtp")) {
			assertThatExceptionOfType(AuthenticationFailedException.class)
				.isThrownBy(() -> transport.connect("notifier", "secret"));
		}
		mail.chaos(Chaos.none());
		send(reminder("Delivered"));

		assertThat(mail.messages()).extracting(MessageSummary::subject).containsExactly("Delivered");
	}

	@Test
	void chaosTriggersOutOfRangeAreRefused() throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create(server.apiUrl() + "/api/v1/chaos"))
				.PUT(HttpRequest.BodyPublishers.ofString("{\"Recipient\":{\"ErrorCode\":250,\"Probability\":100}}"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(mail.chaos()).isEqualTo(Chaos.none());
	}

	@Test
	void webInboxEscapesWhatTheSenderWrote() throws Exception {
		MimeMessage message = reminder("<script>alert('x')</script>");
		send(message);
		String id = mail.messages().get(0).id();

		HttpResponse<String> inbox = get("/");
		assertThat(inbox.statusCode()).isEqualTo(200);
		assertThat(inbox.body()).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
			.doesNotContain("<script>")
			.contains("/message/" + id);

		HttpResponse<String> page = get("/message/" + id);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).doesNotContain("<script>")
			.contains("<iframe sandbox=")
			.contains("src=\"/view/" + id + ".html\"")
			.contains("<a href=\"https://tijdig.nl/done?t=abc\" target=\"_blank\"");

		HttpResponse<String> html = get("/view/" + id + ".html");
		assertThat(html.statusCode()).isEqualTo(200);
		assertThat(html.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((policy) -> assertThat(policy).startsWith("sandbox").contains("default-src 'none'"));
		assertThat(html.body()).contains("<p>Ga naar <b>Instellingen</b></p>");
	}

	@Test
	void mailForTheBounceAddressOrATaggedFormOfItAlsoReachesItsImapMailbox() throws Exception {
		try (EmbeddedImapMailbox bounces = EmbeddedImapMailbox.start("bounces@tijdig.test", "secret")) {
			server.forwardTo("bounces@tijdig.test", bounces);
			// Tried: another recipient, and the same local part at another domain.
			for (String to : List.of("bounces@tijdig.test", "Bounces+3f1c@tijdig.test", "anne@example.org",
					"bounces+3f1c@elsewhere.test")) {
				MimeMessage report = new MimeMessage(Session.getInstance(smtpProperties()));
				report.setFrom(new InternetAddress("mailer-daemon@relay.test"));
				report.setRecipient(RecipientType.TO, new InternetAddress(to));
				report.setSubject("Undelivered Mail Returned to Sender");
				report.setText("report");
				send(report);
			}

			assertThat(bounces.messageCount()).isEqualTo(2);
			assertThat(mail.messages()).as("the inbox keeps them all").hasSize(4);
		}
	}

	private MimeMessage reminder(String subject) throws Exception {
		return reminder(subject, Session.getInstance(smtpProperties()));
	}

	private MimeMessage reminder(String subject, Session session) throws Exception {
		MimeMessage message = new MimeMessage(session) {

			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", "<reminder-1@tijdig.nl>");
			}

		};
		message.setFrom(new InternetAddress("herinnering@tijdig.nl", "Tijdig"));
		message.setRecipient(RecipientType.TO, new InternetAddress("anne@example.org", "Anne"));
		message.setRecipient(RecipientType.CC, new InternetAddress("bram@example.org"));
		message.setRecipient(RecipientType.BCC, new InternetAddress("hidden@example.org"));
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

	private static void send(MimeMessage message) throws Exception {
		Transport.send(message);
	}

	private static Properties smtpProperties() {
		Properties properties = new Properties();
		properties.put("mail.smtp.host", server.smtpHost());
		properties.put("mail.smtp.port", String.valueOf(server.smtpPort()));
		return properties;
	}

	// For request lines java.net.http refuses to send.
	private static int rawStatus(String requestLine) throws Exception {
		try (Socket socket = new Socket(server.smtpHost(), server.httpPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			out.flush();
			String statusLine = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			return Integer.parseInt(statusLine.split(" ")[1]);
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		return request("GET", path);
	}

	private HttpResponse<String> request(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(server.apiUrl() + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}

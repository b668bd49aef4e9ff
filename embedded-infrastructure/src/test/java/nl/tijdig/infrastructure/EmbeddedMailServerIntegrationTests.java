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
import java.util.NoSuchElementException;
import java.util.Properties;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nl.tijdig.infrastructure.MailpitClient.Chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Where the embedded mail server is its own: its answers to bad requests, its web inbox
 * and the bounce mailbox it feeds. What it shares with Mailpit is shown by
 * test-infrastructure's {@code MailpitClientIntegrationTests}, which run against both.
 */
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
	void unknownMessageIsNotFoundWithAJsonBody() throws Exception {
		assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> mail.message("latest"));

		HttpResponse<String> response = get("/api/v1/message/doesNotExist/raw");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).contains("\"Error\"");
	}

	@Test
	void badRequestsGetAClientErrorNeverAServerError() throws Exception {
		send("Present", "Hello");
		String id = mail.messages().get(0).id();

		assertThat(rawStatus("GET /api/v1/message/%zz HTTP/1.1")).isIn(400, 404);
		assertThat(rawStatus("GET /api/v1/message/\u00e9 HTTP/1.1")).isIn(400, 404);
		assertThat(get("/api/v1/message/" + id + "/unknown").statusCode()).isEqualTo(404);
		assertThat(get("/api/v1/nothing-here").statusCode()).isEqualTo(404);
		assertThat(get("/api/v1/messages?start=x&limit=-3&unknown").statusCode()).isEqualTo(200);
		assertThat(rawStatus("GET /api/v1/messages?start=%zz HTTP/1.1")).isEqualTo(400);
		assertThat(get("/message/..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(404);
		assertThat(get("/view/doesNotExist.html").statusCode()).isEqualTo(404);
		HttpResponse<String> post = request("POST", "/api/v1/messages", "");
		assertThat(post.statusCode()).isEqualTo(405);
		assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD, DELETE");
		assertThat(request("DELETE", "/api/v1/message/" + id, "").statusCode()).isEqualTo(405);
		assertThat(request("PUT", "/", "").statusCode()).isEqualTo(405);
		assertThat(mail.messages()).hasSize(1);
	}

	@Test
	void chaosTriggersItCannotKeepAreRefused() throws Exception {
		// Tried: a code that is no error, a probability past 100, and Mailpit's sender
		// and
		// authentication triggers, which this server does not have.
		for (String triggers : List.of("{\"Recipient\":{\"ErrorCode\":250,\"Probability\":100}}",
				"{\"Recipient\":{\"ErrorCode\":451,\"Probability\":101}}",
				"{\"Sender\":{\"ErrorCode\":451,\"Probability\":100}}",
				"{\"Authentication\":{\"ErrorCode\":535,\"Probability\":50}}", "not json")) {
			HttpResponse<String> response = request("PUT", "/api/v1/chaos", triggers);

			assertThat(response.statusCode()).as(triggers).isEqualTo(400);
			assertThat(response.body()).as(triggers).contains("\"Error\"");
		}
		assertThat(mail.chaos(Chaos.none())).isEqualTo(Chaos.none());
	}

	@Test
	void webInboxEscapesWhatTheSenderWrote() throws Exception {
		send("<script>alert('x')</script>", "Klaar? https://tijdig.nl/done?t=abc");
		String id = mail.messages().get(0).id();

		HttpResponse<String> inbox = get("/");
		assertThat(inbox.statusCode()).isEqualTo(200);
		assertThat(inbox.body()).contains("&lt;script&gt;alert(").doesNotContain("<script>").contains("/message/" + id);

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
				Transport.send(report);
			}

			assertThat(bounces.messageCount()).isEqualTo(2);
			assertThat(mail.messages()).as("the inbox keeps them all").hasSize(4);
		}
	}

	private static void send(String subject, String text) throws Exception {
		MimeMessage message = new MimeMessage(Session.getInstance(smtpProperties()));
		message.setFrom(new InternetAddress("herinnering@tijdig.nl", "Tijdig"));
		message.setRecipient(RecipientType.TO, new InternetAddress("anne@example.org"));
		message.setSubject(subject, "UTF-8");
		MimeBodyPart plain = new MimeBodyPart();
		plain.setText(text, "UTF-8");
		MimeBodyPart html = new MimeBodyPart();
		html.setContent("<html><body><p>Ga naar <b>Instellingen</b></p></body></html>", "text/html; charset=UTF-8");
		message.setContent(new MimeMultipart("alternative", plain, html));
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
		return request("GET", path, "");
	}

	private HttpResponse<String> request(String method, String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(server.apiUrl() + path))
			.method(method,
					body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}

package nl.tijdig.testinfra;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ScriptedSmtpServerTests {

	private final ScriptedSmtpServer smtp = ScriptedSmtpServer.start();

	@AfterEach
	void stop() {
		this.smtp.close();
	}

	@Test
	void recordsTheMessageIdAndRecipientsOfEveryMessageItAccepts() throws Exception {
		send("<one@tijdig.example>", "anne@example.org");
		send("<one@tijdig.example>", "anne@example.org");

		assertThat(this.smtp.received()).extracting(ScriptedSmtpServer.Received::messageId)
			.containsExactly("<one@tijdig.example>", "<one@tijdig.example>");
		assertThat(this.smtp.received().get(0).recipients()).containsExactly("anne@example.org");
		assertThat(this.smtp.received().get(0).source()).contains("Subject: hello");
	}

	@Test
	void refusesRecipientsWithTheReplyItWasGivenAndRecordsNothing() {
		this.smtp.behave(ScriptedSmtpServer.Behaviour.NORMAL.refusingRecipients("550 5.1.1 <%s>: no such user"));

		assertThatExceptionOfType(MessagingException.class)
			.isThrownBy(() -> send("<two@tijdig.example>", "bram@example.org"))
			.withStackTraceContaining("550 5.1.1 <bram@example.org>: no such user");
		assertThat(this.smtp.received()).isEmpty();
	}

	@Test
	void refusesAMessageAfterItsBodyWithTheReplyItWasGiven() {
		this.smtp.behave(ScriptedSmtpServer.Behaviour.NORMAL.replyingAfterBody("451 4.3.0 try again later"));

		assertThatExceptionOfType(MessagingException.class)
			.isThrownBy(() -> send("<three@tijdig.example>", "cleo@example.org"))
			.withStackTraceContaining("451 4.3.0 try again later");
		assertThat(this.smtp.received()).isEmpty();
	}

	@Test
	void refusesConnectionsWith421() {
		this.smtp.behave(ScriptedSmtpServer.Behaviour.NORMAL.refusingConnections("421 4.3.2 shutting down"));

		assertThatExceptionOfType(MessagingException.class)
			.isThrownBy(() -> send("<four@tijdig.example>", "dirk@example.org"))
			.withStackTraceContaining("421");
		assertThat(this.smtp.connections()).isEqualTo(1);
	}

	@Test
	void hangsUpAfterTheBodyWithoutAReplyAndRecordsNothing() {
		this.smtp.behave(ScriptedSmtpServer.Behaviour.NORMAL.hangingUpAfterBody());

		assertThatExceptionOfType(MessagingException.class)
			.isThrownBy(() -> send("<five@tijdig.example>", "eva@example.org"));
		assertThat(this.smtp.received()).isEmpty();
	}

	private void send(String messageId, String to) throws MessagingException {
		Properties properties = new Properties();
		properties.put("mail.smtp.host", this.smtp.host());
		properties.put("mail.smtp.port", String.valueOf(this.smtp.port()));
		properties.put("mail.smtp.timeout", "5000");
		Session session = Session.getInstance(properties);
		MimeMessage message = new MimeMessage(session) {

			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", messageId);
			}

		};
		message.setFrom(new InternetAddress("herinnering@tijdig.example"));
		message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
		message.setSubject("hello");
		message.setText("Hello.\r\n.a line that starts with a dot\r\n");
		Transport.send(message);
	}

}

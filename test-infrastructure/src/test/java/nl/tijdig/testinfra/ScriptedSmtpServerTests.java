package nl.tijdig.testinfra;

import java.time.Duration;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nl.tijdig.testinfra.ScriptedSmtpServer.Script;

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

	@Test
	void misbehavesForAScriptedRecipientOnlyAndOnlyAsOftenAsScripted() throws Exception {
		this.smtp.script("Fenna@example.org", Script.atRecipient("451 4.3.0 <%s>: try again later"), 2);

		send("<six@tijdig.example>", "gijs@example.org");
		for (int attempt = 1; attempt <= 2; attempt++) {
			assertThatExceptionOfType(MessagingException.class)
				.isThrownBy(() -> send("<seven@tijdig.example>", "fenna@example.org"))
				.withStackTraceContaining("451 4.3.0 <fenna@example.org>: try again later");
		}
		send("<seven@tijdig.example>", "fenna@example.org");

		assertThat(this.smtp.received()).extracting(ScriptedSmtpServer.Received::messageId)
			.containsExactly("<six@tijdig.example>", "<seven@tijdig.example>");
		assertThat(this.smtp.scripted("fenna@example.org")).isEqualTo(2);
		assertThat(this.smtp.scripted("gijs@example.org")).isZero();
	}

	@Test
	void aScriptedRefusalAfterTheBodyRecordsNothingAndAnUnscriptedRecipientIsAcceptedAgain() throws Exception {
		this.smtp.script("hugo@example.org", Script.afterBody("554 5.6.0 message refused"), Integer.MAX_VALUE);

		assertThatExceptionOfType(MessagingException.class)
			.isThrownBy(() -> send("<eight@tijdig.example>", "hugo@example.org"))
			.withStackTraceContaining("554 5.6.0 message refused");
		this.smtp.unscript("hugo@example.org");
		send("<eight@tijdig.example>", "hugo@example.org");

		assertThat(this.smtp.received()).extracting(ScriptedSmtpServer.Received::messageId)
			.containsExactly("<eight@tijdig.example>");
	}

	@Test
	void aScriptedHangUpAfterTheBodyRecordsNothingAndADroppedRecipientNeverGetsToTheBody() {
		this.smtp.script("ilse@example.org", Script.hangUpAfterBody(), 1);
		this.smtp.script("jan@example.org", Script.dropAtRecipient(), 1);

		assertThatExceptionOfType(MessagingException.class)
			.isThrownBy(() -> send("<nine@tijdig.example>", "ilse@example.org"));
		assertThatExceptionOfType(MessagingException.class)
			.isThrownBy(() -> send("<ten@tijdig.example>", "jan@example.org"));
		assertThat(this.smtp.received()).isEmpty();
	}

	@Test
	void aSlowReplyIsRecordedThoughTheSenderGaveUpWaiting() {
		this.smtp.script("kees@example.org", Script.slowReply(Duration.ofSeconds(3)), 1);

		assertThatExceptionOfType(MessagingException.class)
			.isThrownBy(() -> send("<eleven@tijdig.example>", "kees@example.org", 1000));
		// Queued when the body was in, not when the late reply goes out.
		assertThat(this.smtp.received()).extracting(ScriptedSmtpServer.Received::messageId)
			.containsExactly("<eleven@tijdig.example>");
	}

	@Test
	void aRecipientCanSetOffARefusalOfTheNextConnectionOrOfTheNextSender() throws Exception {
		this.smtp.script("lotte@example.org", Script.nextConnection("421 4.3.2 too busy"), 1);
		this.smtp.script("mees@example.org", Script.nextSender("451 4.3.0 sender deferred"), 1);

		send("<twelve@tijdig.example>", "lotte@example.org");
		assertThatExceptionOfType(MessagingException.class)
			.isThrownBy(() -> send("<thirteen@tijdig.example>", "nina@example.org"))
			.withStackTraceContaining("421 4.3.2 too busy");
		send("<thirteen@tijdig.example>", "mees@example.org");
		assertThatExceptionOfType(MessagingException.class)
			.isThrownBy(() -> send("<fourteen@tijdig.example>", "nina@example.org"))
			.withStackTraceContaining("451 4.3.0 sender deferred");
		send("<fourteen@tijdig.example>", "nina@example.org");

		assertThat(this.smtp.received()).extracting(ScriptedSmtpServer.Received::messageId)
			.containsExactly("<twelve@tijdig.example>", "<thirteen@tijdig.example>", "<fourteen@tijdig.example>");
	}

	@Test
	void whatEverybodyIsToldGoesBeforeARecipientsScript() {
		this.smtp.script("olaf@example.org", Script.slowReply(Duration.ofSeconds(30)), 1);
		this.smtp.behave(ScriptedSmtpServer.Behaviour.NORMAL.refusingRecipients("554 5.7.1 relay access denied"));

		assertThatExceptionOfType(MessagingException.class)
			.isThrownBy(() -> send("<fifteen@tijdig.example>", "olaf@example.org"))
			.withStackTraceContaining("554 5.7.1 relay access denied");
		assertThat(this.smtp.scripted("olaf@example.org")).isZero();
	}

	@Test
	void aSlowConnectionAnswersItsNextMessagesLateWhileAnotherConnectionKeepsPace() throws Exception {
		this.smtp.slowConnection(Duration.ofMillis(700), 2);
		Session session = session(5000);
		try (Transport slow = session.getTransport("smtp"); Transport quick = session.getTransport("smtp")) {
			slow.connect();
			quick.connect();

			long first = millisToSend(slow, message(session, "<sixteen@tijdig.example>", "pim@example.org"));
			long other = millisToSend(quick, message(session, "<seventeen@tijdig.example>", "roos@example.org"));
			long second = millisToSend(slow, message(session, "<eighteen@tijdig.example>", "pim@example.org"));
			long third = millisToSend(slow, message(session, "<nineteen@tijdig.example>", "pim@example.org"));

			assertThat(first).as("the first message on the slow connection").isGreaterThanOrEqualTo(700);
			assertThat(second).as("the second message on the slow connection").isGreaterThanOrEqualTo(700);
			assertThat(other).as("a message on another connection").isLessThan(700);
			assertThat(third).as("a message after the slow ones").isLessThan(700);
		}
		assertThat(this.smtp.received()).hasSize(4);
	}

	private static long millisToSend(Transport transport, MimeMessage message) throws MessagingException {
		long started = System.nanoTime();
		transport.sendMessage(message, message.getAllRecipients());
		return (System.nanoTime() - started) / 1_000_000;
	}

	private void send(String messageId, String to) throws MessagingException {
		send(messageId, to, 5000);
	}

	private void send(String messageId, String to, int timeoutMillis) throws MessagingException {
		Transport.send(message(session(timeoutMillis), messageId, to));
	}

	private Session session(int timeoutMillis) {
		Properties properties = new Properties();
		properties.put("mail.smtp.host", this.smtp.host());
		properties.put("mail.smtp.port", String.valueOf(this.smtp.port()));
		properties.put("mail.smtp.timeout", String.valueOf(timeoutMillis));
		return Session.getInstance(properties);
	}

	private static MimeMessage message(Session session, String messageId, String to) throws MessagingException {
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
		message.saveChanges();
		return message;
	}

}

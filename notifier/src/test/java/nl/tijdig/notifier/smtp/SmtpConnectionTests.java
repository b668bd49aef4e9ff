package nl.tijdig.notifier.smtp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nl.tijdig.testinfra.ScriptedSmtpServer;
import nl.tijdig.testinfra.ScriptedSmtpServer.Behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One connection against a server that fails exactly where these tests want it to.
 */
class SmtpConnectionTests {

	private final ScriptedSmtpServer server = ScriptedSmtpServer.start();

	private final SmtpProperties properties = new SmtpProperties(1, 10, Duration.ofSeconds(2), Duration.ofSeconds(2),
			Duration.ofSeconds(2), SmtpProperties.Tls.NONE, Duration.ofSeconds(30), 100, Duration.ofSeconds(1),
			Duration.ofMinutes(1), new SmtpProperties.Retry(Duration.ofSeconds(1), Duration.ofSeconds(10), 3),
			new SmtpProperties.Breaker(5, Duration.ofMinutes(5)));

	private final Session session = SmtpSessions.create(new Properties(), this.properties);

	private final AtomicInteger connects = new AtomicInteger();

	private final SmtpConnection connection = new SmtpConnection(this.session,
			new SmtpConnection.SmtpRelay("127.0.0.1", this.server.port(), null, null), this.properties,
			Clock.systemUTC(), this.connects::incrementAndGet);

	@AfterEach
	void stop() throws Exception {
		this.connection.close();
		this.server.close();
	}

	@Test
	void messagesOneAfterTheOtherShareOneConnection() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(this.connection.send(message())).isInstanceOf(SendResult.Accepted.class);
		}

		assertThat(this.server.received().size()).isEqualTo(3);
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(this.connects).hasValue(1);
	}

	@Test
	void aConnectionLostAfterTheBodyBeforeTheReplyIsInDoubt() throws Exception {
		this.server.behave(Behaviour.NORMAL.hangingUpAfterBody());

		assertThat(this.connection.send(message())).isInstanceOf(SendResult.InDoubt.class);
	}

	@Test
	void afterALostConnectionTheNextMessageGoesOverANewOne() throws Exception {
		this.server.behave(Behaviour.NORMAL.hangingUpAfterBody());
		assertThat(this.connection.send(message())).isInstanceOf(SendResult.InDoubt.class);
		this.server.behave(Behaviour.NORMAL);

		assertThat(this.connection.send(message())).isInstanceOf(SendResult.Accepted.class);

		assertThat(this.server.received().size()).isEqualTo(1);
		assertThat(this.server.connections()).isEqualTo(2);
	}

	@Test
	void aRefusedAddressLeavesTheConnectionForTheNextMessage() throws Exception {
		this.server.behave(Behaviour.NORMAL.refusingRecipients("550 5.1.1 <%s>: User unknown"));

		assertThat(this.connection.send(message())).isInstanceOfSatisfying(SendResult.Refused.class, (result) -> {
			assertThat(result.refusal()).isEqualTo(SendResult.Refusal.ADDRESS);
			assertThat(result.replied()).isTrue();
			assertThat(result.relayReply()).isEqualTo("550 5.1.1 <[address]>: User unknown");
		});
		this.server.behave(Behaviour.NORMAL);

		assertThat(this.connection.send(message())).isInstanceOf(SendResult.Accepted.class);
		assertThat(this.server.connections()).isEqualTo(1);
	}

	@Test
	void aPolicyRefusalDropsTheConnection() throws Exception {
		this.server.behave(Behaviour.NORMAL.refusingRecipients("554 5.7.1 <%s>: Relay access denied"));

		assertThat(this.connection.send(message())).isInstanceOfSatisfying(SendResult.Refused.class,
				(result) -> assertThat(result.refusal()).isEqualTo(SendResult.Refusal.POLICY));
		this.server.behave(Behaviour.NORMAL);

		assertThat(this.connection.send(message())).isInstanceOf(SendResult.Accepted.class);
		assertThat(this.server.connections()).isEqualTo(2);
	}

	@Test
	void aRefusedConnectionIsTransientAndNotInDoubt() throws Exception {
		// Port 1 rather than the closed server's own: a freed port in the ephemeral
		// range can be taken again, or even connect to itself, before the test gets
		// to it.
		SmtpConnection refused = new SmtpConnection(this.session,
				new SmtpConnection.SmtpRelay("127.0.0.1", 1, null, null), this.properties, Clock.systemUTC(),
				this.connects::incrementAndGet);

		assertThat(refused.send(message())).isInstanceOfSatisfying(SendResult.Refused.class, (result) -> {
			assertThat(result.refusal()).isEqualTo(SendResult.Refusal.TRANSIENT);
			assertThat(result.replied()).isFalse();
		});
	}

	@Test
	void aFailedQuitAfterAcceptedMessagesIsNoFailure() throws Exception {
		this.server.behave(Behaviour.NORMAL.hangingUpOnQuit());
		assertThat(this.connection.send(message())).isInstanceOf(SendResult.Accepted.class);

		this.connection.close();

		assertThat(this.server.received().size()).isEqualTo(1);
	}

	@Test
	void aConnectionIdleForTooLongIsClosed() throws Exception {
		SmtpProperties quick = new SmtpProperties(1, 10, Duration.ofSeconds(2), Duration.ofSeconds(2),
				Duration.ofSeconds(2), SmtpProperties.Tls.NONE, Duration.ofMillis(50), 100, Duration.ofSeconds(1),
				Duration.ofMinutes(1), this.properties.retry(), this.properties.breaker());
		try (SmtpConnection idle = new SmtpConnection(this.session,
				new SmtpConnection.SmtpRelay("127.0.0.1", this.server.port(), null, null), quick, Clock.systemUTC(),
				this.connects::incrementAndGet)) {
			assertThat(idle.send(message())).isInstanceOf(SendResult.Accepted.class);
			await().pollDelay(Duration.ofMillis(100)).untilAsserted(() -> {
				idle.closeIfIdle();
				assertThat(idle.send(message())).isInstanceOf(SendResult.Accepted.class);
				assertThat(this.server.connections()).isEqualTo(2);
			});
		}
	}

	private OutgoingMail message() throws Exception {
		String content = "From: sender@tijdig.example\r\nTo: reader@example.test\r\nMessage-ID: <1@tijdig.example>\r\n"
				+ "Subject: Test\r\n\r\nHello\r\n";
		return new OutgoingMail("<1@tijdig.example>", new InternetAddress("sender@tijdig.example"),
				new InternetAddress("reader@example.test"), content.getBytes(StandardCharsets.US_ASCII));
	}

}

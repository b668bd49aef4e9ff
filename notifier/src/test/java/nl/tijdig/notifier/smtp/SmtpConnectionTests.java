package nl.tijdig.notifier.smtp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nl.tijdig.testinfra.ScriptedSmtpServer;
import nl.tijdig.testinfra.ScriptedSmtpServer.Behaviour;
import nl.tijdig.testinfra.ScriptedSmtpServer.Script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One connection against a server that fails exactly where these tests want it to. The
 * server offers {@code PIPELINING}; what a failure means must not depend on whether the
 * connection uses it, so those tests run both ways.
 */
class SmtpConnectionTests {

	private final ScriptedSmtpServer server = ScriptedSmtpServer.start();

	private final SmtpProperties properties = properties(true);

	private final Session session = SmtpSessions.create(new Properties(), this.properties);

	private final AtomicInteger connects = new AtomicInteger();

	private final List<SmtpConnection> opened = new ArrayList<>();

	private final SmtpConnection connection = connection(true);

	@AfterEach
	void stop() throws Exception {
		this.opened.forEach(SmtpConnection::close);
		this.server.close();
	}

	@ParameterizedTest(name = "pipelining {0}")
	@ValueSource(booleans = { true, false })
	void messagesOneAfterTheOtherShareOneConnection(boolean pipelining) throws Exception {
		SmtpConnection connection = connection(pipelining);
		for (int i = 0; i < 3; i++) {
			assertThat(connection.send(message())).isInstanceOf(SendResult.Accepted.class);
		}

		assertThat(this.server.received().size()).isEqualTo(3);
		assertThat(this.server.pipelined()).isEqualTo(pipelining ? 3 : 0);
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(this.connects).hasValue(1);
	}

	@ParameterizedTest(name = "pipelining {0}")
	@ValueSource(booleans = { true, false })
	void aConnectionLostAfterTheBodyBeforeTheReplyIsInDoubt(boolean pipelining) throws Exception {
		this.server.behave(Behaviour.NORMAL.hangingUpAfterBody());

		assertThat(connection(pipelining).send(message())).isInstanceOf(SendResult.InDoubt.class);
	}

	@ParameterizedTest(name = "pipelining {0}")
	@ValueSource(booleans = { true, false })
	void afterALostConnectionTheNextMessageGoesOverANewOne(boolean pipelining) throws Exception {
		SmtpConnection connection = connection(pipelining);
		this.server.behave(Behaviour.NORMAL.hangingUpAfterBody());
		assertThat(connection.send(message())).isInstanceOf(SendResult.InDoubt.class);
		this.server.behave(Behaviour.NORMAL);

		assertThat(connection.send(message())).isInstanceOf(SendResult.Accepted.class);

		assertThat(this.server.received().size()).isEqualTo(1);
		assertThat(this.server.connections()).isEqualTo(2);
	}

	@ParameterizedTest(name = "pipelining {0}")
	@ValueSource(booleans = { true, false })
	void aRefusedAddressLeavesTheConnectionForTheNextMessage(boolean pipelining) throws Exception {
		SmtpConnection connection = connection(pipelining);
		this.server.behave(Behaviour.NORMAL.refusingRecipients("550 5.1.1 <%s>: User unknown"));

		assertThat(connection.send(message())).isInstanceOfSatisfying(SendResult.Refused.class, (result) -> {
			assertThat(result.refusal()).isEqualTo(SendResult.Refusal.ADDRESS);
			assertThat(result.replied()).isTrue();
			assertThat(result.relayReply()).isEqualTo("550 5.1.1 <[address]>: User unknown");
		});
		this.server.behave(Behaviour.NORMAL);

		// Pipelined, the DATA written with the refused recipient was refused too and the
		// relay reset: the next message starts clean on the same connection.
		assertThat(connection.send(message())).isInstanceOf(SendResult.Accepted.class);
		assertThat(this.server.received().size()).isEqualTo(1);
		assertThat(this.server.connections()).isEqualTo(1);
	}

	@ParameterizedTest(name = "pipelining {0}")
	@ValueSource(booleans = { true, false })
	void aPolicyRefusalDropsTheConnection(boolean pipelining) throws Exception {
		SmtpConnection connection = connection(pipelining);
		this.server.behave(Behaviour.NORMAL.refusingRecipients("554 5.7.1 <%s>: Relay access denied"));

		assertThat(connection.send(message())).isInstanceOfSatisfying(SendResult.Refused.class,
				(result) -> assertThat(result.refusal()).isEqualTo(SendResult.Refusal.POLICY));
		this.server.behave(Behaviour.NORMAL);

		assertThat(connection.send(message())).isInstanceOf(SendResult.Accepted.class);
		assertThat(this.server.connections()).isEqualTo(2);
	}

	@ParameterizedTest(name = "pipelining {0}")
	@ValueSource(booleans = { true, false })
	void aRefusedSenderIsTheRelaysPolicyNotTheAddress(boolean pipelining) throws Exception {
		SmtpConnection connection = connection(pipelining);
		// The first message is accepted; the next MAIL FROM is refused. Pipelined, its
		// RCPT TO and DATA were written before the refusal came and are refused too.
		this.server.script("reader@example.test", Script.nextSender("550 5.7.1 Sender address rejected"), 1);
		assertThat(connection.send(message())).isInstanceOf(SendResult.Accepted.class);

		assertThat(connection.send(message())).isInstanceOfSatisfying(SendResult.Refused.class, (result) -> {
			assertThat(result.refusal()).isEqualTo(SendResult.Refusal.POLICY);
			assertThat(result.relayReply()).isEqualTo("550 5.7.1 Sender address rejected");
		});
		assertThat(connection.send(message())).isInstanceOf(SendResult.Accepted.class);

		assertThat(this.server.received().size()).isEqualTo(2);
		assertThat(this.server.recipients()).isEqualTo(2);
		assertThat(this.server.connections()).isEqualTo(2);
	}

	@ParameterizedTest(name = "pipelining {0}")
	@ValueSource(booleans = { true, false })
	void aConnectionDroppedAtTheRecipientIsTransientAndNotInDoubt(boolean pipelining) throws Exception {
		SmtpConnection connection = connection(pipelining);
		this.server.script("reader@example.test", Script.dropAtRecipient(), 1);

		assertThat(connection.send(message())).isInstanceOfSatisfying(SendResult.Refused.class, (result) -> {
			assertThat(result.refusal()).isEqualTo(SendResult.Refusal.TRANSIENT);
			assertThat(result.replied()).isFalse();
		});
		assertThat(connection.send(message())).isInstanceOf(SendResult.Accepted.class);

		assertThat(this.server.received().size()).isEqualTo(1);
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
				Duration.ofSeconds(2), SmtpProperties.Tls.NONE, true, Duration.ofMillis(50), 100, Duration.ofSeconds(1),
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

	private SmtpConnection connection(boolean pipelining) {
		SmtpConnection connection = new SmtpConnection(this.session,
				new SmtpConnection.SmtpRelay("127.0.0.1", this.server.port(), null, null), properties(pipelining),
				Clock.systemUTC(), this.connects::incrementAndGet);
		this.opened.add(connection);
		return connection;
	}

	private static SmtpProperties properties(boolean pipelining) {
		return new SmtpProperties(1, 10, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2),
				SmtpProperties.Tls.NONE, pipelining, Duration.ofSeconds(30), 100, Duration.ofSeconds(1),
				Duration.ofMinutes(1), new SmtpProperties.Retry(Duration.ofSeconds(1), Duration.ofSeconds(10), 3),
				new SmtpProperties.Breaker(5, Duration.ofMinutes(5)));
	}

	private OutgoingMail message() throws Exception {
		String content = "From: sender@tijdig.example\r\nTo: reader@example.test\r\nMessage-ID: <1@tijdig.example>\r\n"
				+ "Subject: Test\r\n\r\nHello\r\n";
		return new OutgoingMail("<1@tijdig.example>", new InternetAddress("sender@tijdig.example"),
				new InternetAddress("reader@example.test"), content.getBytes(StandardCharsets.US_ASCII));
	}

}

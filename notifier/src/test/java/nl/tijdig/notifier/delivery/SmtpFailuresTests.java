package nl.tijdig.notifier.delivery;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpFailuresTests {

	private final InternetAddress address = address();

	@Test
	void aRecipientRefusedWith5xxIsRefusedForGoodAndTheAddressIsToBlame() {
		SmtpFailures.Failure failure = SmtpFailures.classify(recipientRefused(550), false);

		assertThat(failure.kind()).isEqualTo(SmtpFailures.Kind.REFUSED_ADDRESS);
		assertThat(failure.reason()).isEqualTo("recipient refused (reply 550)").doesNotContain("example.test");
	}

	@Test
	void aRecipientDeferredWith4xxIsTriedAgain() {
		SmtpFailures.Failure failure = SmtpFailures.classify(recipientRefused(451), false);

		assertThat(failure.kind()).isEqualTo(SmtpFailures.Kind.TRANSIENT);
		assertThat(failure.replied()).isTrue();
	}

	@Test
	void aSenderRefusedWith5xxFailsTheMessageButNotTheAddress() {
		SMTPSendFailedException refused = new SMTPSendFailedException("MAIL FROM", 550, "550 sender rejected", null,
				null, null, null);

		assertThat(SmtpFailures.classify(refused, false).kind()).isEqualTo(SmtpFailures.Kind.REFUSED);
	}

	@Test
	void aMessageDeferredWith4xxAfterItsBodyIsTriedAgain() {
		// The relay answered the end of the message: it did not take it.
		SMTPSendFailedException deferred = new SMTPSendFailedException(".", 452, "452 try later", null, null, null,
				null);

		assertThat(SmtpFailures.classify(deferred, true).kind()).isEqualTo(SmtpFailures.Kind.TRANSIENT);
	}

	@Test
	void aRefusedOrTimedOutConnectionIsTriedAgain() {
		MessagingException refused = new MailConnectException(new SocketConnectException("refused",
				new ConnectException("Connection refused"), "127.0.0.1", 25, 5000));
		MessagingException timedOut = new MessagingException("Exception reading response",
				new SocketTimeoutException("Read timed out"));

		assertThat(SmtpFailures.classify(refused, false)).satisfies((failure) -> {
			assertThat(failure.kind()).isEqualTo(SmtpFailures.Kind.TRANSIENT);
			assertThat(failure.replied()).isFalse();
		});
		assertThat(SmtpFailures.classify(timedOut, false).kind()).isEqualTo(SmtpFailures.Kind.TRANSIENT);
	}

	@Test
	void aConnectionLostAfterTheWholeMessageWentOutIsInDoubt() {
		MessagingException reset = new MessagingException("Exception reading response",
				new SocketException("Connection reset"));

		SmtpFailures.Failure failure = SmtpFailures.classify(reset, true);

		assertThat(failure.kind()).isEqualTo(SmtpFailures.Kind.IN_DOUBT);
		assertThat(failure.reason()).contains("SocketException");
	}

	@Test
	void aConnectionClosedWithoutReplyAfterTheMessageIsInDoubt() {
		// Angus reports a connection closed before the reply as return code -1.
		SMTPSendFailedException closed = new SMTPSendFailedException(".", -1, null, null, null, null, null);

		assertThat(SmtpFailures.classify(closed, true).kind()).isEqualTo(SmtpFailures.Kind.IN_DOUBT);
	}

	private SendFailedException recipientRefused(int code) {
		SendFailedException failed = new SendFailedException("Invalid Addresses", null, new Address[0], new Address[0],
				new Address[] { this.address });
		failed.setNextException(new SMTPAddressFailedException(this.address, "RCPT TO:<" + this.address + ">", code,
				code + " Chaos triggered on recipient someone@example.test"));
		return failed;
	}

	private static InternetAddress address() {
		try {
			return new InternetAddress("someone@example.test");
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package nl.tijdig.notifier.smtp;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nl.tijdig.notifier.smtp.SendResult.Refusal;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpFailuresTests {

	private final InternetAddress address = address();

	@Test
	void aRecipientRefusedWith5xxAndAMailboxStatusIsRefusedForGoodAndTheAddressIsToBlame() {
		SendResult.Refused failure = refused(recipientRefused("550 5.1.1 <%s>: User unknown"), false);

		assertThat(failure.refusal()).isEqualTo(Refusal.ADDRESS);
		assertThat(failure.reason()).isEqualTo("recipient refused (reply 550 5.1.1)").doesNotContain("example.test");
	}

	@Test
	void aRecipientDeferredWith4xxIsTriedAgain() {
		SendResult.Refused failure = refused(recipientRefused(451), false);

		assertThat(failure.refusal()).isEqualTo(Refusal.TRANSIENT);
		assertThat(failure.replied()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "550 5.1.1 <%s>: Recipient address rejected: User unknown",
			"550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient <%s> not found by SMTP address lookup",
			"553 5.1.3 <%s>: Recipient address rejected: bad address syntax", "550 5.2.1 <%s>: Mailbox disabled",
			"550 No such user here", "550 <%s>: User unknown in virtual mailbox table", "550 Unknown user <%s>" })
	void aReplyThatSpeaksAboutTheMailboxRefusesTheAddress(String reply) {
		SendResult.Refused failure = refused(recipientRefused(reply), false);

		assertThat(failure.refusal()).isEqualTo(Refusal.ADDRESS);
		assertThat(failure.reason()).startsWith("recipient refused (reply 5").doesNotContain("example.test");
	}

	@ParameterizedTest
	@ValueSource(strings = { "554 5.7.1 <%s>: Relay access denied",
			"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
			"550 5.3.0 <%s>: sending refused", "550 5.7.606 Access denied, banned sending IP [192.0.2.1]",
			"550 5.1.8 <herinnering@tijdig.example>: Sender address rejected: Domain not found",
			"550 Requested action not taken: mailbox unavailable", "550 Chaos triggered on recipient",
			"554 Transaction failed" })
	void aRefusalThatDoesNotSpeakAboutTheMailboxIsTheRelaysPolicyAndBlamesNoAddress(String reply) {
		SendResult.Refused failure = refused(recipientRefused(reply), false);

		assertThat(failure.refusal()).isEqualTo(Refusal.POLICY);
		assertThat(failure.reason()).startsWith("refused by the relay's policy (reply 5")
			.doesNotContain("example.test");
		assertThat(failure.relayReply()).startsWith(reply.substring(0, 3)).doesNotContain("example.test");
	}

	@ParameterizedTest
	@ValueSource(strings = { "550 sender rejected", "553 5.7.1 Sender address rejected: not owned by user",
			"554 5.7.1 Message rejected: Email address is not verified" })
	void aSenderRefusedWith5xxIsTheRelaysPolicyAndBlamesNoAddress(String reply) {
		SMTPSendFailedException refused = new SMTPSendFailedException("MAIL FROM", Integer.parseInt(reply, 0, 3, 10),
				reply, null, null, null, null);

		assertThat(refused(refused, false).refusal()).isEqualTo(Refusal.POLICY);
	}

	@Test
	void aMessageWhoseContentIsRefusedFailsButBlamesNoAddress() {
		SMTPSendFailedException tooBig = new SMTPSendFailedException(".", 552,
				"552 5.3.4 Message size exceeds fixed limit", null, null, null, null);

		assertThat(refused(tooBig, true).refusal()).isEqualTo(Refusal.MESSAGE);
	}

	@Test
	void aFullMailboxIsTriedAgainLater() {
		SendResult.Refused failure = refused(recipientRefused("552 5.2.2 <%s>: Mailbox full"), false);

		assertThat(failure.refusal()).isEqualTo(Refusal.TRANSIENT);
	}

	@Test
	void aMessageDeferredWith4xxAfterItsBodyIsTriedAgain() {
		// The relay answered the end of the message: it did not take it.
		SMTPSendFailedException deferred = new SMTPSendFailedException(".", 452, "452 try later", null, null, null,
				null);

		assertThat(refused(deferred, true).refusal()).isEqualTo(Refusal.TRANSIENT);
	}

	@Test
	void aRefusedOrTimedOutConnectionIsTriedAgain() {
		MessagingException refused = new MailConnectException(new SocketConnectException("refused",
				new ConnectException("Connection refused"), "127.0.0.1", 25, 5000));
		MessagingException timedOut = new MessagingException("Exception reading response",
				new SocketTimeoutException("Read timed out"));

		assertThat(refused(refused, false)).satisfies((failure) -> {
			assertThat(failure.refusal()).isEqualTo(Refusal.TRANSIENT);
			assertThat(failure.replied()).isFalse();
			assertThat(failure.relayReply()).isNull();
		});
		assertThat(refused(timedOut, false).refusal()).isEqualTo(Refusal.TRANSIENT);
	}

	@Test
	void aConnectionLostAfterTheWholeMessageWentOutIsInDoubt() {
		MessagingException reset = new MessagingException("Exception reading response",
				new SocketException("Connection reset"));

		assertThat(SmtpFailures.classify(reset, true)).isInstanceOfSatisfying(SendResult.InDoubt.class,
				(failure) -> assertThat(failure.reason()).contains("SocketException"));
	}

	@Test
	void aConnectionClosedWithoutReplyAfterTheMessageIsInDoubt() {
		// Angus reports a connection closed before the reply as return code -1.
		SMTPSendFailedException closed = new SMTPSendFailedException(".", -1, null, null, null, null, null);

		assertThat(SmtpFailures.classify(closed, true)).isInstanceOf(SendResult.InDoubt.class);
	}

	/** The failure classified, which must be a refusal. */
	private static SendResult.Refused refused(MessagingException failure, boolean bodySent) {
		SendResult result = SmtpFailures.classify(failure, bodySent);
		assertThat(result).isInstanceOf(SendResult.Refused.class);
		return (SendResult.Refused) result;
	}

	private SendFailedException recipientRefused(int code) {
		return recipientRefused(code + " Chaos triggered on recipient %s");
	}

	/** A refused RCPT TO as Angus reports it; {@code %s} in the reply is the address. */
	private SendFailedException recipientRefused(String reply) {
		SendFailedException failed = new SendFailedException("Invalid Addresses", null, new Address[0], new Address[0],
				new Address[] { this.address });
		failed.setNextException(new SMTPAddressFailedException(this.address, "RCPT TO:<" + this.address + ">",
				Integer.parseInt(reply, 0, 3, 10), reply.formatted(this.address.getAddress()) + "\n"));
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

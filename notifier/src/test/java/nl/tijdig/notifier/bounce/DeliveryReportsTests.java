package nl.tijdig.notifier.bounce;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryReportsTests {

	/** Shaped as Postfix returns a message it could not deliver to two recipients. */
	static final String POSTFIX_DSN = """
			From: MAILER-DAEMON@relay.example (Mail Delivery System)
			To: bounces@tijdig.example
			Subject: Undelivered Mail Returned to Sender
			MIME-Version: 1.0
			Content-Type: multipart/report; report-type=delivery-status;
			\tboundary="B0UND"

			This is a MIME-encapsulated message.

			--B0UND
			Content-Description: Notification
			Content-Type: text/plain; charset=us-ascii

			I'm sorry to have to inform you that your message could not
			be delivered to one or more recipients.

			--B0UND
			Content-Description: Delivery report
			Content-Type: message/delivery-status

			Reporting-MTA: dns; relay.example
			X-Postfix-Queue-ID: 4ABC
			Arrival-Date: Mon, 27 Oct 2025 09:00:01 +0100 (CET)

			Final-Recipient: rfc822; gone@example.org
			Original-Recipient: rfc822;gone@example.org
			Action: failed
			Status: 5.1.1
			Remote-MTA: dns; mx.example.org
			Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>: Recipient address rejected

			Final-Recipient: rfc822; <full@example.net>
			Action: delayed
			Status: 4.2.2 (mailbox full)
			Diagnostic-Code: smtp; 452 4.2.2 Mailbox full

			--B0UND
			Content-Description: Undelivered Message Headers
			Content-Type: text/rfc822-headers

			From: Tijdig <reminders@tijdig.example>
			To: gone@example.org
			Subject: 7 days left: LinkedIn and your data
			Message-ID: <3f1c2a9e@tijdig.example>

			--B0UND--
			""";

	/** Shaped as a feedback loop reports a reader who marked a message as spam. */
	static final String ABUSE_REPORT = """
			From: fbl@mailbox.example
			To: bounces@tijdig.example
			Subject: Abuse report
			MIME-Version: 1.0
			Content-Type: multipart/report; report-type=feedback-report; boundary="ARF"

			--ARF
			Content-Type: text/plain

			This is an email abuse report for an email message received from IP 192.0.2.1.

			--ARF
			Content-Type: message/feedback-report

			Feedback-Type: abuse
			User-Agent: ExampleFBL/1.0
			Version: 1
			Original-Mail-From: <bounces@tijdig.example>
			Arrival-Date: Mon, 27 Oct 2025 09:05:00 +0100

			--ARF
			Content-Type: text/rfc822-headers

			From: Tijdig <reminders@tijdig.example>
			To: Anna <anna@example.org>
			Subject: 7 days left: LinkedIn and your data
			Message-ID: <77aa@tijdig.example>

			--ARF--
			""";

	@Test
	void saysWhereTheReportWasMailedToAsTheDeliveringServerWroteItDown() throws Exception {
		assertThat(DeliveryReports.mailedTo(mime(POSTFIX_DSN))).isEqualTo("bounces@tijdig.example");
		assertThat(DeliveryReports.mailedTo(mime("Delivered-To: bounces+3f1c@tijdig.example\n" + POSTFIX_DSN)))
			.isEqualTo("bounces+3f1c@tijdig.example");
	}

	@Test
	void readsEachRecipientsFailureAndTheReturnedMessageId() throws Exception {
		assertThat(DeliveryReports.read(mime(POSTFIX_DSN))).containsExactly(
				new DeliveryReports.Failure("gone@example.org", "<3f1c2a9e@tijdig.example>", true, "5.1.1"),
				new DeliveryReports.Failure("full@example.net", "<3f1c2a9e@tijdig.example>", false, "4.2.2"));
	}

	@Test
	void readsAReturnedWholeMessageAsWellAsItsHeaders() throws Exception {
		String whole = POSTFIX_DSN.replace("Content-Type: text/rfc822-headers", "Content-Type: message/rfc822")
			.replace("Message-ID: <3f1c2a9e@tijdig.example>\n", "Message-ID: <3f1c2a9e@tijdig.example>\n\nBody.\n");

		assertThat(DeliveryReports.read(mime(whole))).extracting(DeliveryReports.Failure::messageId)
			.containsOnly("<3f1c2a9e@tijdig.example>");
	}

	@Test
	void findsNoReportInAnAutoReplyOrAReportOfAnotherKind() throws Exception {
		// Tried: an out-of-office answer, and a complaint report
		// (report-type=feedback-report)
		// that happens to carry per-recipient fields.
		String autoReply = """
				From: anna@example.org
				To: bounces@tijdig.example
				Subject: Out of office
				Content-Type: text/plain

				Final-Recipient: rfc822; anna@example.org
				Action: failed
				""";
		String feedback = POSTFIX_DSN.replace("report-type=delivery-status", "report-type=feedback-report");

		assertThat(DeliveryReports.read(mime(autoReply))).isEmpty();
		assertThat(DeliveryReports.read(mime(feedback))).isEmpty();
	}

	@Test
	void readsTheComplainantAndTheMessageOfAnAbuseReport() throws Exception {
		assertThat(DeliveryReports.complaint(mime(ABUSE_REPORT)))
			.contains(new DeliveryReports.Complaint("anna@example.org", "<77aa@tijdig.example>"));
		assertThat(DeliveryReports.read(mime(ABUSE_REPORT))).as("no bounce").isEmpty();
		assertThat(DeliveryReports.complaint(mime(POSTFIX_DSN))).as("no complaint").isEmpty();
	}

	@Test
	void takesTheOriginalRecipientOverTheReturnedHeadersAndNoRecipientWhereItWasLeftOut() throws Exception {
		String named = ABUSE_REPORT.replace("Version: 1\n", "Version: 1\nOriginal-Rcpt-To: <anna+x@example.org>\n");
		String redacted = ABUSE_REPORT.replace("To: Anna <anna@example.org>\n", "");
		String notAbuse = ABUSE_REPORT.replace("Feedback-Type: abuse", "Feedback-Type: not-spam");

		assertThat(DeliveryReports.complaint(mime(named))).map(DeliveryReports.Complaint::recipient)
			.contains("anna+x@example.org");
		assertThat(DeliveryReports.complaint(mime(redacted)))
			.contains(new DeliveryReports.Complaint(null, "<77aa@tijdig.example>"));
		assertThat(DeliveryReports.complaint(mime(notAbuse))).isEmpty();
	}

	static MimeMessage mime(String text) throws Exception {
		return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(crlf(text)));
	}

	/** The raw message as a relay sends it: lines ended by CRLF. */
	static byte[] crlf(String text) {
		return text.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
	}

}

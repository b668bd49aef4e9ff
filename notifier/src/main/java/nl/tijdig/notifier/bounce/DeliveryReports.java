package nl.tijdig.notifier.bounce;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;

/**
 * Reads a delivery status notification (RFC 3464) that a relay mailed back: which
 * recipients failed, whether for good, and the {@code Message-ID} of the message they
 * failed on, from the returned headers. Anything else in a bounce mailbox (an auto-reply,
 * a person's answer) reads as no report at all.
 */
final class DeliveryReports {

	private DeliveryReports() {
	}

	/**
	 * One recipient's failure as a report gives it.
	 *
	 * @param recipient the final recipient's address
	 * @param messageId the returned message's {@code Message-ID}, {@code null} if the
	 * report returned no headers
	 * @param permanent whether the failure is for good ({@code Action: failed}, a 5.x.x
	 * status) rather than a delay
	 * @param status the enhanced status code, e.g. {@code 5.1.1}
	 */
	record Failure(String recipient, String messageId, boolean permanent, String status) {
	}

	/**
	 * A reader's complaint as an abuse report (RFC 5965, ARF) from a feedback loop gives
	 * it.
	 *
	 * @param recipient the complainant's address, {@code null} where the provider left it
	 * out ({@code Original-Rcpt-To}, else the returned message's {@code To})
	 * @param messageId the returned message's {@code Message-ID}
	 */
	record Complaint(String recipient, String messageId) {
	}

	/**
	 * Where the report was mailed to: the envelope recipient a receiving server wrote
	 * down ({@code X-Original-To}, {@code Delivered-To}), else the {@code To} header.
	 * With VERP that is the return path of the one message the report is about.
	 * @return the address, {@code null} if the report names none
	 */
	static String mailedTo(MimeMessage report) throws MessagingException {
		for (String header : new String[] { "X-Original-To", "Delivered-To", "To" }) {
			String address = address(report.getHeader(header, ","));
			if (address != null) {
				return address;
			}
		}
		return null;
	}

	/**
	 * @return the complaint the message reports; empty if it is no abuse report
	 */
	static Optional<Complaint> complaint(MimeMessage message) throws MessagingException, IOException {
		if (!isReport(message, "feedback-report")) {
			return Optional.empty();
		}
		Multipart report = (Multipart) message.getContent();
		InternetHeaders feedback = null;
		InternetHeaders returned = null;
		for (int i = 0; i < report.getCount(); i++) {
			BodyPart part = report.getBodyPart(i);
			String type = baseType(part);
			if (type.equals("message/feedback-report")) {
				feedback = headers(part);
			}
			else if (type.equals("text/rfc822-headers") || type.equals("message/rfc822")) {
				returned = headers(part);
			}
		}
		if (feedback == null || !lower(feedback.getHeader("Feedback-Type", null)).equals("abuse")) {
			return Optional.empty();
		}
		String recipient = address(feedback.getHeader("Original-Rcpt-To", null));
		String messageId = null;
		if (returned != null) {
			messageId = strip(returned.getHeader("Message-ID", null));
			if (recipient == null) {
				recipient = address(returned.getHeader("To", null));
			}
		}
		return (recipient == null && messageId == null) ? Optional.empty()
				: Optional.of(new Complaint(recipient, messageId));
	}

	/**
	 * @return the failures the message reports; empty if it is no delivery status
	 * notification or reports none
	 */
	static List<Failure> read(MimeMessage message) throws MessagingException, IOException {
		if (!isReport(message, "delivery-status")) {
			return List.of();
		}
		Multipart report = (Multipart) message.getContent();
		List<InternetHeaders> recipients = List.of();
		String messageId = null;
		for (int i = 0; i < report.getCount(); i++) {
			BodyPart part = report.getBodyPart(i);
			String type = baseType(part);
			if (type.equals("message/delivery-status") || type.equals("message/global-delivery-status")) {
				recipients = perRecipientFields(part);
			}
			else if (type.equals("text/rfc822-headers") || type.equals("message/rfc822")
					|| type.equals("message/global-headers")) {
				messageId = returnedMessageId(part);
			}
		}
		List<Failure> failures = new ArrayList<>();
		for (InternetHeaders fields : recipients) {
			String action = lower(fields.getHeader("Action", null));
			String status = statusCode(fields.getHeader("Status", null));
			String recipient = address(fields.getHeader("Final-Recipient", null));
			if (recipient == null || !(action.equals("failed") || action.equals("delayed"))) {
				continue;
			}
			boolean permanent = action.equals("failed") && (status == null || status.startsWith("5"));
			failures.add(new Failure(recipient, messageId, permanent, status));
		}
		return failures;
	}

	private static boolean isReport(MimeMessage message, String reportType) throws MessagingException {
		ContentType type = new ContentType(message.getContentType());
		return type.match("multipart/report") && reportType.equalsIgnoreCase(type.getParameter("report-type"));
	}

	/**
	 * The per-recipient blocks: a block of per-message fields comes first, then one block
	 * per recipient, each ended by an empty line.
	 */
	private static List<InternetHeaders> perRecipientFields(Part part) throws MessagingException, IOException {
		List<InternetHeaders> blocks = new ArrayList<>();
		try (InputStream in = part.getInputStream()) {
			new InternetHeaders(in);
			while (true) {
				InternetHeaders block = new InternetHeaders(in);
				if (!block.getAllHeaders().hasMoreElements()) {
					return blocks;
				}
				blocks.add(block);
			}
		}
	}

	private static String returnedMessageId(Part part) throws MessagingException, IOException {
		return strip(headers(part).getHeader("Message-ID", null));
	}

	private static InternetHeaders headers(Part part) throws MessagingException, IOException {
		try (InputStream in = part.getInputStream()) {
			return new InternetHeaders(in);
		}
	}

	/**
	 * {@code rfc822; anna@example.org} → {@code anna@example.org}, {@code Anna
	 * <anna@example.org>} → {@code anna@example.org}.
	 */
	private static String address(String field) {
		if (field == null) {
			return null;
		}
		int semicolon = field.indexOf(';');
		String address = strip((semicolon >= 0) ? field.substring(semicolon + 1) : field);
		if (address != null && address.endsWith(">") && address.lastIndexOf('<') >= 0) {
			address = address.substring(address.lastIndexOf('<') + 1, address.length() - 1);
		}
		return (address == null || address.isEmpty()) ? null : address;
	}

	/** {@code 5.1.1 (bad destination mailbox)} → {@code 5.1.1}. */
	private static String statusCode(String field) {
		String status = strip(field);
		return (status == null || status.isEmpty()) ? null : status.split("\\s+", 2)[0];
	}

	private static String baseType(Part part) throws MessagingException {
		return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
	}

	private static String lower(String value) {
		return (value != null) ? value.strip().toLowerCase(Locale.ROOT) : "";
	}

	private static String strip(String value) {
		return (value != null) ? value.strip() : null;
	}

}

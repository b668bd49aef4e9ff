package nl.tijdig.infrastructure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;

/**
 * One message as the SMTP server received it: the raw source, exactly as sent, and what
 * the inbox shows of it, read once on arrival. A message that is not valid MIME is kept
 * and shown as far as it can be read; the inbox must never fail on what a sender sent.
 */
final class ReceivedMail {

	private static final Session SESSION = Session.getInstance(new Properties());

	private static final int SNIPPET_LENGTH = 250;

	private static final Pattern ANGLE_BRACKETED = Pattern.compile("<([^>]*)>");

	private final String id;

	private final Instant received;

	private final byte[] raw;

	private final String messageId;

	private final Mailbox from;

	private final List<Mailbox> to;

	private final List<Mailbox> cc;

	private final List<Mailbox> bcc;

	private final List<Mailbox> replyTo;

	private final String returnPath;

	private final String subject;

	private final Instant date;

	private final String text;

	private final String html;

	private final Map<String, List<String>> headers;

	private final List<Attachment> attachments;

	private final List<Attachment> inline;

	private ReceivedMail(String id, Instant received, byte[] raw, String returnPath, Collection<String> envelopeTo) {
		this.id = id;
		this.received = received;
		this.raw = raw;
		this.returnPath = returnPath;
		MimeMessage message = parse(raw);
		this.headers = headers(message);
		this.messageId = stripAngles(first("Message-Id"));
		this.from = addresses(first("From")).stream().findFirst().orElse(null);
		this.to = addresses(all("To"));
		this.cc = addresses(all("Cc"));
		this.replyTo = addresses(all("Reply-To"));
		this.bcc = bcc(addresses(all("Bcc")), envelopeTo, this.to, this.cc);
		this.subject = subject(message);
		this.date = date(message, received);
		Body body = new Body();
		body.read(message, "");
		this.text = body.text;
		this.html = body.html;
		this.attachments = List.copyOf(body.attachments);
		this.inline = List.copyOf(body.inline);
	}

	static ReceivedMail of(String id, Instant received, byte[] raw, String returnPath, Collection<String> envelopeTo) {
		return new ReceivedMail(id, received, raw, returnPath, envelopeTo);
	}

	String id() {
		return this.id;
	}

	Instant received() {
		return this.received;
	}

	byte[] raw() {
		return this.raw.clone();
	}

	int size() {
		return this.raw.length;
	}

	String messageId() {
		return this.messageId;
	}

	Mailbox from() {
		return this.from;
	}

	List<Mailbox> to() {
		return this.to;
	}

	List<Mailbox> cc() {
		return this.cc;
	}

	List<Mailbox> bcc() {
		return this.bcc;
	}

	List<Mailbox> replyTo() {
		return this.replyTo;
	}

	String returnPath() {
		return this.returnPath;
	}

	String subject() {
		return this.subject;
	}

	Instant date() {
		return this.date;
	}

	String text() {
		return this.text;
	}

	String html() {
		return this.html;
	}

	List<Attachment> attachments() {
		return this.attachments;
	}

	List<Attachment> inline() {
		return this.inline;
	}

	/**
	 * Header names as Mailpit (Go's net/mail) gives them, e.g. {@code Message-Id}, each
	 * with its values in order, folded lines joined.
	 * @return the headers by name, sorted by name
	 */
	Map<String, List<String>> headers() {
		return this.headers;
	}

	String snippet() {
		String source = this.text.isBlank() ? Html.toPlainText(this.html) : this.text;
		String collapsed = source.replaceAll("\\s+", " ").strip();
		return (collapsed.length() <= SNIPPET_LENGTH) ? collapsed : collapsed.substring(0, SNIPPET_LENGTH) + "...";
	}

	String listUnsubscribe() {
		return first("List-Unsubscribe");
	}

	List<String> listUnsubscribeLinks() {
		List<String> links = new ArrayList<>();
		Matcher matcher = ANGLE_BRACKETED.matcher(listUnsubscribe());
		while (matcher.find()) {
			links.add(matcher.group(1).strip());
		}
		return links;
	}

	String listUnsubscribePost() {
		return first("List-Unsubscribe-Post");
	}

	private String first(String name) {
		List<String> values = this.headers.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : "";
	}

	private String all(String name) {
		return String.join(", ", this.headers.getOrDefault(name, List.of()));
	}

	private static MimeMessage parse(byte[] raw) {
		try {
			return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
		}
		catch (MessagingException ex) {
			return new MimeMessage(SESSION);
		}
	}

	private static Map<String, List<String>> headers(MimeMessage message) {
		Map<String, List<String>> headers = new TreeMap<>();
		try {
			Enumeration<Header> all = message.getAllHeaders();
			while (all.hasMoreElements()) {
				Header header = all.nextElement();
				String value = (header.getValue() != null) ? unfold(header.getValue()) : "";
				headers.computeIfAbsent(canonicalName(header.getName()), (name) -> new ArrayList<>()).add(value);
			}
		}
		catch (MessagingException ex) {
			// Keep what was read.
		}
		headers.replaceAll((name, values) -> List.copyOf(values));
		return Collections.unmodifiableMap(headers);
	}

	/**
	 * Go's {@code textproto.CanonicalMIMEHeaderKey}: the first letter and each letter
	 * after a hyphen upper case, the rest lower case; a name with a space or other
	 * unusual character is left as it is.
	 */
	static String canonicalName(String name) {
		for (char c : name.toCharArray()) {
			boolean token = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
			if (!token) {
				return name;
			}
		}
		StringBuilder canonical = new StringBuilder(name.length());
		boolean upper = true;
		for (char c : name.toCharArray()) {
			canonical.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
			upper = (c == '-');
		}
		return canonical.toString();
	}

	private static String unfold(String value) {
		return value.replaceAll("\\r?\\n[ \\t]+", " ").strip();
	}

	private static String stripAngles(String value) {
		String stripped = value.strip();
		if (stripped.startsWith("<") && stripped.endsWith(">")) {
			return stripped.substring(1, stripped.length() - 1);
		}
		return stripped;
	}

	private static List<Mailbox> addresses(String header) {
		if (header.isBlank()) {
			return List.of();
		}
		try {
			List<Mailbox> mailboxes = new ArrayList<>();
			for (InternetAddress address : InternetAddress.parseHeader(header, false)) {
				mailboxes.add(Mailbox.of(address));
			}
			return List.copyOf(mailboxes);
		}
		catch (AddressException ex) {
			return List.of(new Mailbox("", header.strip()));
		}
	}

	// Envelope recipients that no header names were blind copies, as Mailpit shows them.
	private static List<Mailbox> bcc(List<Mailbox> headerBcc, Collection<String> envelopeTo, List<Mailbox> to,
			List<Mailbox> cc) {
		Set<String> named = new HashSet<>();
		Stream.of(to, cc, headerBcc)
			.flatMap(List::stream)
			.forEach((mailbox) -> named.add(mailbox.address().toLowerCase(Locale.ROOT)));
		List<Mailbox> bcc = new ArrayList<>(headerBcc);
		for (String recipient : envelopeTo) {
			if (named.add(recipient.toLowerCase(Locale.ROOT))) {
				bcc.add(new Mailbox("", recipient));
			}
		}
		return List.copyOf(bcc);
	}

	private static String subject(MimeMessage message) {
		try {
			String subject = message.getSubject();
			return (subject != null) ? subject : "";
		}
		catch (MessagingException ex) {
			return "";
		}
	}

	private static Instant date(MimeMessage message, Instant received) {
		try {
			Date sent = message.getSentDate();
			return (sent != null) ? sent.toInstant() : received;
		}
		catch (MessagingException ex) {
			return received;
		}
	}

	/**
	 * A name and an address, as in the From and To fields of Mailpit's API.
	 */
	record Mailbox(String name, String address) {

		static Mailbox of(InternetAddress address) {
			String personal = address.getPersonal();
			return new Mailbox((personal != null) ? personal : "",
					(address.getAddress() != null) ? address.getAddress() : "");
		}

		@Override
		public String toString() {
			return this.name.isEmpty() ? this.address : this.name + " <" + this.address + ">";
		}

	}

	/**
	 * A part that is not the message's text or HTML body, numbered as IMAP numbers parts.
	 */
	record Attachment(String partId, String fileName, String contentType, String contentId, long size) {

	}

	/**
	 * Walks the MIME tree: the first text/plain and text/html parts that are not
	 * attachments are the bodies; every other leaf is an attachment or an inline part.
	 */
	private static final class Body {

		private String text = "";

		private String html = "";

		private final List<Attachment> attachments = new ArrayList<>();

		private final List<Attachment> inline = new ArrayList<>();

		void read(Part part, String partId) {
			try {
				if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
					for (int i = 0; i < multipart.getCount(); i++) {
						read(multipart.getBodyPart(i),
								partId.isEmpty() ? String.valueOf(i + 1) : partId + "." + (i + 1));
					}
					return;
				}
				boolean attached = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
				if (!attached && this.text.isEmpty() && part.isMimeType("text/plain")) {
					this.text = content(part);
				}
				else if (!attached && this.html.isEmpty() && part.isMimeType("text/html")) {
					this.html = content(part);
				}
				else if (!partId.isEmpty()) {
					addAttachment(part, partId, attached);
				}
			}
			catch (MessagingException | IOException | RuntimeException ex) {
				// An unreadable part is left out; the raw source still has it.
			}
		}

		private void addAttachment(Part part, String partId, boolean attached) throws MessagingException {
			String contentId = (part instanceof MimePart mimePart) ? mimePart.getContentID() : null;
			String fileName = part.getFileName();
			String contentType = part.getContentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
			Attachment attachment = new Attachment(partId, (fileName != null) ? fileName : "", contentType,
					(contentId != null) ? stripAngles(contentId) : "", Math.max(part.getSize(), 0));
			if (!attached && contentId != null) {
				this.inline.add(attachment);
			}
			else {
				this.attachments.add(attachment);
			}
		}

		private static String content(Part part) throws MessagingException, IOException {
			try {
				Object content = part.getContent();
				return (content instanceof String string) ? string : "";
			}
			catch (UnsupportedEncodingException ex) {
				// A charset Java does not know: show the text as UTF-8 rather than
				// not at all.
				try (InputStream decoded = part.getInputStream()) {
					return new String(decoded.readAllBytes(), StandardCharsets.UTF_8);
				}
			}
		}

	}

}

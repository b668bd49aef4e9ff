package nl.tijdig.infrastructure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;

/**
 * One message as the SMTP server received it: the raw source, exactly as sent, and what
 * the inbox shows of it, read once on arrival with Jakarta Mail. A message that is not
 * valid MIME is kept and shown as far as it can be read; the inbox must never fail on
 * what a sender sent.
 */
record ReceivedMail(String id, Instant received, byte[] raw, String messageId, Mailbox from, List<Mailbox> to,
		String subject, String text, String html, Map<String, List<String>> headers) {

	private static final Session SESSION = Session.getInstance(new Properties());

	private static final int SNIPPET_LENGTH = 250;

	static ReceivedMail of(String id, Instant received, byte[] raw) {
		MimeMessage message = parse(raw);
		Map<String, List<String>> headers = headers(message);
		Bodies bodies = new Bodies();
		bodies.read(message);
		return new ReceivedMail(id, received, raw, withoutAngles(first(headers, "Message-ID")),
				addresses(first(headers, "From")).stream().findFirst().orElse(null),
				addresses(String.join(", ", headers.getOrDefault("To", List.of()))), subject(message), bodies.text,
				bodies.html, headers);
	}

	int size() {
		return this.raw.length;
	}

	String snippet() {
		String source = this.text.isBlank() ? Jsoup.parse(this.html).text() : this.text;
		String collapsed = source.replaceAll("\\s+", " ").strip();
		return (collapsed.length() <= SNIPPET_LENGTH) ? collapsed : collapsed.substring(0, SNIPPET_LENGTH) + "...";
	}

	String header(String name) {
		return first(this.headers, name);
	}

	private static String first(Map<String, List<String>> headers, String name) {
		List<String> values = headers.getOrDefault(name, List.of());
		return values.isEmpty() ? "" : values.get(0);
	}

	private static MimeMessage parse(byte[] raw) {
		try {
			return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
		}
		catch (MessagingException ex) {
			return new MimeMessage(SESSION);
		}
	}

	/**
	 * Each header's values in order, folded lines joined; names are looked up without
	 * regard to case, as in Mailpit's API clients.
	 */
	private static Map<String, List<String>> headers(MimeMessage message) {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		try {
			Enumeration<Header> all = message.getAllHeaders();
			while (all.hasMoreElements()) {
				Header header = all.nextElement();
				String value = (header.getValue() != null) ? header.getValue().replaceAll("\\r?\\n[ \\t]+", " ") : "";
				headers.computeIfAbsent(header.getName(), (name) -> new ArrayList<>()).add(value.strip());
			}
		}
		catch (MessagingException ex) {
			// Keep what was read.
		}
		headers.replaceAll((name, values) -> List.copyOf(values));
		return Collections.unmodifiableMap(headers);
	}

	private static String withoutAngles(String value) {
		String stripped = value.strip();
		return (stripped.startsWith("<") && stripped.endsWith(">")) ? stripped.substring(1, stripped.length() - 1)
				: stripped;
	}

	private static List<Mailbox> addresses(String header) {
		if (header.isBlank()) {
			return List.of();
		}
		try {
			return Arrays.stream(InternetAddress.parseHeader(header, false)).map(Mailbox::of).toList();
		}
		catch (AddressException ex) {
			return List.of(new Mailbox("", header.strip()));
		}
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
	 * The first text/plain and text/html parts that are not attachments: what the
	 * services send is one of them or both, in a multipart/alternative.
	 */
	private static final class Bodies {

		private String text = "";

		private String html = "";

		void read(Part part) {
			try {
				if (part.getContent() instanceof Multipart multipart) {
					for (int i = 0; i < multipart.getCount(); i++) {
						read(multipart.getBodyPart(i));
					}
				}
				else if (!Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())
						&& part.getContent() instanceof String content) {
					if (this.text.isEmpty() && part.isMimeType("text/plain")) {
						this.text = content;
					}
					else if (this.html.isEmpty() && part.isMimeType("text/html")) {
						this.html = content;
					}
				}
			}
			catch (MessagingException | IOException | RuntimeException ex) {
				// An unreadable part is left out; the raw source still has it.
			}
		}

	}

}

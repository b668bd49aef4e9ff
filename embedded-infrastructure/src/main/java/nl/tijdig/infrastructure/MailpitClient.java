package nl.tijdig.infrastructure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads received mail through Mailpit's HTTP API (v1), from the embedded inbox or from a
 * real Mailpit alike, so that a test that checks an email is written once for both.
 * <p>
 * Methods that take a message ID throw {@link NoSuchElementException} for an ID the
 * server does not know; every other failure is an unchecked exception. The ID
 * {@code latest} names the newest message.
 */
public final class MailpitClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int PAGE_SIZE = 250;

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final URI baseUrl;

	private final HttpClient http;

	/**
	 * Creates a client for the inbox at the given base URL.
	 * @param baseUrl the inbox's base URL, e.g. {@code http://localhost:8025}
	 */
	public MailpitClient(String baseUrl) {
		this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
		this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
	}

	public String baseUrl() {
		return this.baseUrl.toString();
	}

	/**
	 * Every message in the inbox, newest first.
	 * @return the messages' summaries
	 */
	public List<MessageSummary> messages() {
		// By ID: a message that arrives while paging shifts the pages by one.
		Map<String, MessageSummary> messages = new LinkedHashMap<>();
		int start = 0;
		int total;
		do {
			JsonNode page = json(get("api/v1/messages?start=" + start + "&limit=" + PAGE_SIZE));
			total = page.path("total").asInt();
			JsonNode listed = page.path("messages");
			listed.forEach(
					(message) -> messages.putIfAbsent(message.path("ID").asString(), MessageSummary.from(message)));
			if (listed.isEmpty()) {
				break;
			}
			start += listed.size();
		}
		while (start < total);
		return List.copyOf(messages.values());
	}

	/**
	 * The messages with a recipient (To, Cc or Bcc) of the given address, newest first.
	 * @param address the address, compared without regard to case
	 * @return the messages' summaries
	 */
	public List<MessageSummary> messagesTo(String address) {
		return messages(MessageSummary.to(address));
	}

	public List<MessageSummary> messages(Predicate<MessageSummary> filter) {
		return messages().stream().filter(filter).toList();
	}

	/**
	 * One message with its text and HTML bodies.
	 * @param id the message's ID, or {@code latest}
	 * @return the message
	 */
	public Message message(String id) {
		return Message.from(json(get(messagePath(id, ""))));
	}

	/**
	 * The message's raw source, parsed.
	 * @param id the message's ID, or {@code latest}
	 * @return the message as jakarta.mail reads it
	 */
	public MimeMessage mimeMessage(String id) {
		try {
			return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw(id)));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("Message " + id + " is not a MIME message", ex);
		}
	}

	/**
	 * The message's raw source (RFC 5322), as the SMTP server received it.
	 * @param id the message's ID, or {@code latest}
	 * @return the source
	 */
	public byte[] raw(String id) {
		return get(messagePath(id, "/raw"));
	}

	/**
	 * The message's headers. Mailpit spells names as Go does ({@code Message-Id}), so the
	 * map looks names up without regard to case.
	 * @param id the message's ID, or {@code latest}
	 * @return each header's values, in order
	 */
	public Map<String, List<String>> headers(String id) {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		json(get(messagePath(id, "/headers"))).properties().forEach((header) -> {
			List<String> values = new ArrayList<>();
			header.getValue().forEach((value) -> values.add(value.asString()));
			headers.put(header.getKey(), List.copyOf(values));
		});
		return Collections.unmodifiableMap(headers);
	}

	/**
	 * Deletes every message in the inbox.
	 */
	public void deleteAll() {
		send(HttpRequest.newBuilder(this.baseUrl.resolve("api/v1/messages")).DELETE(), "api/v1/messages");
	}

	/**
	 * The SMTP server's chaos triggers. Mailpit answers only when started with
	 * {@code --enable-chaos}; the embedded server always does.
	 * @return the triggers in force
	 */
	public Chaos chaos() {
		return Chaos.from(json(get("api/v1/chaos")));
	}

	/**
	 * Replaces the SMTP server's chaos triggers, e.g.
	 * {@code chaos(Chaos.none().withRecipient(Trigger.always(451)))} to answer every
	 * recipient with a transient failure, and {@code chaos(Chaos.none())} to stop.
	 * @param triggers the triggers
	 * @return the triggers now in force
	 */
	public Chaos chaos(Chaos triggers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.baseUrl.resolve("api/v1/chaos"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(triggers.toJson())));
		return Chaos.from(json(send(request, "api/v1/chaos")));
	}

	private static String messagePath(String id, String suffix) {
		if (id == null || !id.matches("[A-Za-z0-9]+")) {
			throw new NoSuchElementException("No message with ID " + id);
		}
		return "api/v1/message/" + id + suffix;
	}

	private byte[] get(String path) {
		return send(HttpRequest.newBuilder(this.baseUrl.resolve(path)).GET(), path);
	}

	private byte[] send(HttpRequest.Builder request, String path) {
		HttpResponse<byte[]> response;
		try {
			response = this.http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Mail API at " + this.baseUrl + " not reachable", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while calling the mail API", ex);
		}
		if (response.statusCode() == 404) {
			throw new NoSuchElementException("Not found: " + path);
		}
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Mail API answered " + response.statusCode() + " to " + path + ": "
					+ new String(response.body(), StandardCharsets.UTF_8));
		}
		return response.body();
	}

	private static JsonNode json(byte[] body) {
		return mapper.readTree(body);
	}

	private static String string(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isNull() || value.isMissingNode()) ? "" : value.asString();
	}

	private static List<Address> addresses(JsonNode node, String field) {
		List<Address> addresses = new ArrayList<>();
		node.path(field).forEach((address) -> addresses.add(Address.from(address)));
		return List.copyOf(addresses);
	}

	private static Instant instant(JsonNode node, String field) {
		String value = string(node, field);
		try {
			return value.isEmpty() ? null : OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * Mailpit's chaos triggers: when one fires, the SMTP server answers that command with
	 * the trigger's error code.
	 *
	 * @param sender fires on MAIL FROM
	 * @param recipient fires on each RCPT TO
	 * @param authentication fires on AUTH (the embedded server always answers 535)
	 */
	public record Chaos(Trigger sender, Trigger recipient, Trigger authentication) {

		/**
		 * No failures: every trigger at 0%.
		 * @return the triggers
		 */
		public static Chaos none() {
			return new Chaos(Trigger.never(451), Trigger.never(451), Trigger.never(535));
		}

		public Chaos withSender(Trigger sender) {
			return new Chaos(sender, this.recipient, this.authentication);
		}

		public Chaos withRecipient(Trigger recipient) {
			return new Chaos(this.sender, recipient, this.authentication);
		}

		public Chaos withAuthentication(Trigger authentication) {
			return new Chaos(this.sender, this.recipient, authentication);
		}

		static Chaos from(JsonNode node) {
			return new Chaos(Trigger.from(node.path("Sender")), Trigger.from(node.path("Recipient")),
					Trigger.from(node.path("Authentication")));
		}

		Map<String, Object> toJson() {
			return Map.of("Sender", this.sender.toJson(), "Recipient", this.recipient.toJson(), "Authentication",
					this.authentication.toJson());
		}

	}

	/**
	 * One chaos trigger.
	 *
	 * @param errorCode the SMTP reply code, 400 to 599: 4xx a transient failure, 5xx a
	 * permanent one
	 * @param probability the chance of failing, in percent
	 */
	public record Trigger(int errorCode, int probability) {

		public static Trigger always(int errorCode) {
			return new Trigger(errorCode, 100);
		}

		public static Trigger never(int errorCode) {
			return new Trigger(errorCode, 0);
		}

		static Trigger from(JsonNode node) {
			return new Trigger(node.path("ErrorCode").asInt(), node.path("Probability").asInt());
		}

		Map<String, Object> toJson() {
			return Map.of("ErrorCode", this.errorCode, "Probability", this.probability);
		}

	}

	/**
	 * A name and an email address.
	 *
	 * @param name the display name, empty if there is none
	 * @param address the address
	 */
	public record Address(String name, String address) {

		static Address from(JsonNode node) {
			if (node == null || node.isNull() || node.isMissingNode()) {
				return null;
			}
			return new Address(string(node, "Name"), string(node, "Address"));
		}

	}

	/**
	 * A message as the inbox lists it.
	 *
	 * @param id the inbox's ID for the message
	 * @param messageId the Message-ID header, without angle brackets
	 * @param from the sender, or {@code null} if the message names none
	 * @param to the To recipients
	 * @param cc the Cc recipients
	 * @param bcc the blind copies: recipients of the SMTP envelope that no header names
	 * @param subject the subject
	 * @param created when the inbox received the message
	 * @param size the size of the raw source in bytes
	 * @param snippet the start of the text
	 */
	public record MessageSummary(String id, String messageId, Address from, List<Address> to, List<Address> cc,
			List<Address> bcc, String subject, Instant created, long size, String snippet) {

		static MessageSummary from(JsonNode node) {
			return new MessageSummary(string(node, "ID"), string(node, "MessageID"), Address.from(node.path("From")),
					addresses(node, "To"), addresses(node, "Cc"), addresses(node, "Bcc"), string(node, "Subject"),
					instant(node, "Created"), node.path("Size").asLong(), string(node, "Snippet"));
		}

		/**
		 * Whether the message went to the address, in To, Cc or Bcc.
		 * @param address the address, compared without regard to case
		 * @return whether it is one of the recipients
		 */
		public boolean isTo(String address) {
			String wanted = address.toLowerCase(Locale.ROOT);
			return Stream.of(this.to, this.cc, this.bcc)
				.flatMap(List::stream)
				.anyMatch((recipient) -> recipient.address().toLowerCase(Locale.ROOT).equals(wanted));
		}

		static Predicate<MessageSummary> to(String address) {
			return (summary) -> summary.isTo(address);
		}

	}

	/**
	 * A message with its bodies.
	 *
	 * @param id the inbox's ID for the message
	 * @param messageId the Message-ID header, without angle brackets
	 * @param from the sender, or {@code null} if the message names none
	 * @param to the To recipients
	 * @param cc the Cc recipients
	 * @param replyTo the Reply-To addresses
	 * @param subject the subject
	 * @param date the Date header, or when it was received if it has none
	 * @param text the plain text body, empty if there is none
	 * @param html the HTML body, empty if there is none
	 * @param listUnsubscribe the List-Unsubscribe header, empty if there is none
	 * @param listUnsubscribePost the List-Unsubscribe-Post header, empty if there is none
	 * @param size the size of the raw source in bytes
	 */
	public record Message(String id, String messageId, Address from, List<Address> to, List<Address> cc,
			List<Address> replyTo, String subject, Instant date, String text, String html, String listUnsubscribe,
			String listUnsubscribePost, long size) {

		static Message from(JsonNode node) {
			JsonNode unsubscribe = node.path("ListUnsubscribe");
			return new Message(string(node, "ID"), string(node, "MessageID"), Address.from(node.path("From")),
					addresses(node, "To"), addresses(node, "Cc"), addresses(node, "ReplyTo"), string(node, "Subject"),
					instant(node, "Date"), string(node, "Text"), string(node, "HTML"), string(unsubscribe, "Header"),
					string(unsubscribe, "HeaderPost"), node.path("Size").asLong());
		}

	}

}

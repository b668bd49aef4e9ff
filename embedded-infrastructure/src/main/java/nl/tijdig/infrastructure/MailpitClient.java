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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;

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

	/** Every message in the inbox, newest first. */
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
	 * The messages to the given address (in To), newest first.
	 * @param address the address, compared without regard to case
	 * @return the messages' summaries
	 */
	public List<MessageSummary> messagesTo(String address) {
		return messages((message) -> message.isTo(address));
	}

	public List<MessageSummary> messages(Predicate<MessageSummary> filter) {
		return messages().stream().filter(filter).toList();
	}

	/** One message with its text and HTML bodies. */
	public Message message(String id) {
		return Message.from(json(get(messagePath(id, ""))));
	}

	/**
	 * The message's raw source as Jakarta Mail reads it: for all that the API leaves out.
	 */
	public MimeMessage mimeMessage(String id) {
		try {
			return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw(id)));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("Message " + id + " is not a MIME message", ex);
		}
	}

	/** The message's raw source (RFC 5322), as the SMTP server received it. */
	public byte[] raw(String id) {
		return get(messagePath(id, "/raw"));
	}

	/**
	 * The message's headers. Mailpit spells names as Go does ({@code Message-Id}), the
	 * embedded inbox as the sender did, so the map looks names up without regard to case.
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

	/** Deletes every message in the inbox. */
	public void deleteAll() {
		send(HttpRequest.newBuilder(this.baseUrl.resolve("api/v1/messages")).DELETE(), "api/v1/messages");
	}

	/**
	 * Replaces the SMTP server's chaos triggers, e.g.
	 * {@code chaos(Chaos.none().withRecipient(Trigger.always(451)))} to answer every
	 * recipient with a transient failure, and {@code chaos(Chaos.none())} to stop.
	 * Mailpit answers only when started with {@code --enable-chaos}; the embedded server
	 * always does.
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
		node.path(field)
			.forEach((address) -> addresses.add(new Address(string(address, "Name"), string(address, "Address"))));
		return List.copyOf(addresses);
	}

	/**
	 * Mailpit's chaos triggers, of which the tests use the recipient's: when it fires,
	 * the SMTP server answers RCPT TO with its error code. Sending it resets Mailpit's
	 * others.
	 */
	public record Chaos(Trigger recipient) {

		/** No failures. */
		public static Chaos none() {
			return new Chaos(Trigger.never(451));
		}

		public Chaos withRecipient(Trigger recipient) {
			return new Chaos(recipient);
		}

		static Chaos from(JsonNode node) {
			return new Chaos(Trigger.from(node.path("Recipient")));
		}

		Map<String, Object> toJson() {
			return Map.of("Recipient", this.recipient.toJson());
		}

	}

	/**
	 * One chaos trigger: an SMTP reply code, 4xx (transient) or 5xx (permanent), and the
	 * chance in percent that it is given.
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

	/** A display name (empty if none) and an email address. */
	public record Address(String name, String address) {

	}

	/**
	 * A message as the inbox lists it: the inbox's ID, the Message-ID without angle
	 * brackets, the To recipients and the subject.
	 */
	public record MessageSummary(String id, String messageId, List<Address> to, String subject) {

		static MessageSummary from(JsonNode node) {
			return new MessageSummary(string(node, "ID"), string(node, "MessageID"), addresses(node, "To"),
					string(node, "Subject"));
		}

		/**
		 * Whether the message went to the address, in its To header, case ignored.
		 * @param address the address
		 * @return whether it is one of the recipients
		 */
		public boolean isTo(String address) {
			return this.to.stream().anyMatch((recipient) -> recipient.address().equalsIgnoreCase(address));
		}

	}

	/**
	 * A message with its bodies (empty where it has none) and its List-Unsubscribe
	 * header.
	 */
	public record Message(String id, String messageId, List<Address> to, String subject, String text, String html,
			String listUnsubscribe) {

		static Message from(JsonNode node) {
			return new Message(string(node, "ID"), string(node, "MessageID"), addresses(node, "To"),
					string(node, "Subject"), string(node, "Text"), string(node, "HTML"),
					string(node.path("ListUnsubscribe"), "Header"));
		}

	}

}

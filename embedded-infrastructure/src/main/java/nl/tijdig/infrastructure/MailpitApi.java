package nl.tijdig.infrastructure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import nl.tijdig.infrastructure.ReceivedMail.Mailbox;

/**
 * The part of Mailpit's API v1 that the local stack's README documents and the tests use,
 * in Mailpit's JSON shape, so they run unchanged against the embedded inbox and against
 * Mailpit in docker-compose: list, read, headers, raw source, delete all, and the chaos
 * trigger for recipients. An unknown ID or path answers 404 and a wrong method 405, each
 * with a JSON body.
 */
final class MailpitApi implements HttpHandler {

	private static final Pattern MESSAGES = Pattern.compile("/api/v1/messages/?");

	private static final Pattern MESSAGE = Pattern.compile("/api/v1/message/([A-Za-z0-9]{1,64})(/headers|/raw)?/?");

	private static final Pattern CHAOS = Pattern.compile("/api/v1/chaos/?");

	private static final int DEFAULT_LIMIT = 50;

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final MailStore store;

	private final SmtpChaos chaos;

	MailpitApi(MailStore store, SmtpChaos chaos) {
		this.store = store;
		this.chaos = chaos;
	}

	@Override
	public void handle(HttpExchange exchange) {
		HttpResponses.handleSafely(exchange, true, this::route);
	}

	private void route(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getRawPath();
		if (MESSAGES.matcher(path).matches()) {
			if (HttpResponses.isGet(exchange)) {
				list(exchange);
			}
			else if ("DELETE".equals(exchange.getRequestMethod())) {
				this.store.deleteAll();
				HttpResponses.text(exchange, 200, "ok");
			}
			else {
				HttpResponses.methodNotAllowed(exchange, "GET, HEAD, DELETE", true);
			}
			return;
		}
		if (CHAOS.matcher(path).matches()) {
			if (HttpResponses.isGet(exchange)) {
				HttpResponses.json(exchange, 200, this.chaos.toJson());
			}
			else if ("PUT".equals(exchange.getRequestMethod())) {
				setChaos(exchange);
			}
			else {
				HttpResponses.methodNotAllowed(exchange, "GET, HEAD, PUT", true);
			}
			return;
		}
		Matcher message = MESSAGE.matcher(path);
		if (!message.matches()) {
			HttpResponses.jsonError(exchange, 404, "not found");
			return;
		}
		if (!HttpResponses.isGet(exchange)) {
			HttpResponses.methodNotAllowed(exchange, "GET, HEAD", true);
			return;
		}
		Optional<ReceivedMail> found = this.store.find(message.group(1));
		if (found.isEmpty()) {
			HttpResponses.jsonError(exchange, 404, "message not found");
			return;
		}
		ReceivedMail mail = found.get();
		String view = (message.group(2) != null) ? message.group(2) : "";
		switch (view) {
			case "/headers" -> HttpResponses.json(exchange, 200, mail.headers());
			case "/raw" -> HttpResponses.send(exchange, 200, HttpResponses.TEXT, mail.raw());
			default -> HttpResponses.json(exchange, 200, message(mail));
		}
	}

	private void list(HttpExchange exchange) throws IOException {
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		int start = number(query.get("start"), 0);
		int limit = number(query.get("limit"), 0);
		limit = (limit > 0) ? limit : DEFAULT_LIMIT;
		List<ReceivedMail> all = this.store.newestFirst();
		List<Map<String, Object>> page = all.stream().skip(start).limit(limit).map(MailpitApi::summary).toList();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("total", all.size());
		body.put("count", page.size());
		body.put("start", start);
		body.put("messages", page);
		HttpResponses.json(exchange, 200, body);
	}

	// As Mailpit: a trigger left out is reset, an error code of 0 means the default one.
	// Only the recipient's trigger is kept; one set for the sender or authentication is
	// refused rather than ignored.
	private void setChaos(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			JsonNode triggers = mapper.readTree(in.readNBytes(64 * 1024));
			for (String unsupported : List.of("Sender", "Authentication")) {
				if (triggers.path(unsupported).path("Probability").asInt(0) != 0) {
					throw new IllegalArgumentException(
							"this inbox has a chaos trigger for recipients only, not for " + unsupported);
				}
			}
			JsonNode recipient = triggers.path("Recipient");
			int errorCode = recipient.path("ErrorCode").asInt(0);
			this.chaos.set(recipient.isObject()
					? new SmtpChaos.Trigger((errorCode != 0) ? errorCode : SmtpChaos.DEFAULT.errorCode(),
							recipient.path("Probability").asInt(0))
					: SmtpChaos.DEFAULT);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			HttpResponses.jsonError(exchange, 400, ex.getMessage());
			return;
		}
		HttpResponses.json(exchange, 200, this.chaos.toJson());
	}

	private static Map<String, Object> summary(ReceivedMail mail) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("ID", mail.id());
		summary.put("MessageID", mail.messageId());
		summary.put("From", mailbox(mail.from()));
		summary.put("To", mail.to().stream().map(MailpitApi::mailbox).toList());
		summary.put("Subject", mail.subject());
		summary.put("Created", mail.received().toString());
		summary.put("Size", mail.size());
		summary.put("Snippet", mail.snippet());
		return summary;
	}

	private static Map<String, Object> message(ReceivedMail mail) {
		Map<String, Object> message = summary(mail);
		message.remove("Created");
		message.remove("Snippet");
		message.put("ListUnsubscribe",
				Map.of("Header", mail.header("List-Unsubscribe"), "HeaderPost", mail.header("List-Unsubscribe-Post")));
		message.put("Text", mail.text());
		message.put("HTML", mail.html());
		return message;
	}

	private static Map<String, Object> mailbox(Mailbox mailbox) {
		if (mailbox == null) {
			return null;
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("Name", mailbox.name());
		json.put("Address", mailbox.address());
		return json;
	}

	static Map<String, String> query(String rawQuery) {
		Map<String, String> query = new LinkedHashMap<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return query;
		}
		for (String pair : rawQuery.split("&")) {
			String[] nameAndValue = pair.split("=", 2);
			try {
				query.putIfAbsent(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
						(nameAndValue.length > 1) ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "");
			}
			catch (IllegalArgumentException ex) {
				// A malformed escape: the parameter is ignored, as an unknown one
				// would be.
			}
		}
		return query;
	}

	// Like Mailpit: a missing, malformed or negative number means the default.
	private static int number(String value, int defaultValue) {
		if (value == null) {
			return defaultValue;
		}
		try {
			int number = Integer.parseInt(value.strip());
			return (number >= 0) ? number : defaultValue;
		}
		catch (NumberFormatException ex) {
			return defaultValue;
		}
	}

}

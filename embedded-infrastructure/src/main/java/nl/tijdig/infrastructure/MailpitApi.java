package nl.tijdig.infrastructure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

import nl.tijdig.infrastructure.ReceivedMail.Attachment;
import nl.tijdig.infrastructure.ReceivedMail.Mailbox;

/**
 * The part of Mailpit's API v1 that scripts and tests use, in Mailpit's JSON shape, so
 * they run unchanged against the embedded inbox and against Mailpit in docker-compose. An
 * unknown ID or path answers 404 and a wrong method 405, each with a JSON body.
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
				delete(exchange);
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
			case "/raw" -> raw(exchange, mail);
			default -> {
				this.store.markRead(mail.id());
				HttpResponses.json(exchange, 200, message(mail));
			}
		}
	}

	private void list(HttpExchange exchange) throws IOException {
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		int start = number(query.get("start"), 0);
		int limit = number(query.get("limit"), 0);
		limit = (limit > 0) ? limit : DEFAULT_LIMIT;
		List<ReceivedMail> all = this.store.newestFirst();
		List<Map<String, Object>> page = all.stream().skip(start).limit(limit).map(this::summary).toList();
		int unread = this.store.unread();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("total", all.size());
		body.put("unread", unread);
		body.put("count", page.size());
		body.put("messages_count", all.size());
		body.put("messages_unread", unread);
		body.put("start", start);
		body.put("tags", List.of());
		body.put("messages", page);
		HttpResponses.json(exchange, 200, body);
	}

	// Mailpit deletes the given IDs, or everything when the body names none or is not
	// JSON.
	private void delete(HttpExchange exchange) throws IOException {
		List<String> ids = new ArrayList<>();
		try (InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readNBytes(1024 * 1024);
			if (body.length > 0) {
				JsonNode requested = mapper.readTree(body).path("IDs");
				requested.forEach((id) -> ids.add(id.asString()));
			}
		}
		catch (JacksonException ex) {
			ids.clear();
		}
		if (ids.isEmpty()) {
			this.store.deleteAll();
		}
		else {
			this.store.delete(ids);
		}
		HttpResponses.text(exchange, 200, "ok");
	}

	// As Mailpit: a trigger left out is reset, an error code of 0 means the default one.
	private void setChaos(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			JsonNode triggers = mapper.readTree(in.readNBytes(64 * 1024));
			this.chaos.set(trigger(triggers.path("Sender"), SmtpChaos.SENDER_DEFAULT),
					trigger(triggers.path("Recipient"), SmtpChaos.RECIPIENT_DEFAULT),
					trigger(triggers.path("Authentication"), SmtpChaos.AUTHENTICATION_DEFAULT));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			HttpResponses.jsonError(exchange, 400, ex.getMessage());
			return;
		}
		HttpResponses.json(exchange, 200, this.chaos.toJson());
	}

	private static SmtpChaos.Trigger trigger(JsonNode json, SmtpChaos.Trigger defaults) {
		if (!json.isObject()) {
			return defaults;
		}
		int errorCode = json.path("ErrorCode").asInt(0);
		return new SmtpChaos.Trigger((errorCode != 0) ? errorCode : defaults.errorCode(),
				json.path("Probability").asInt(0));
	}

	private void raw(HttpExchange exchange, ReceivedMail mail) throws IOException {
		if ("1".equals(query(exchange.getRequestURI().getRawQuery()).get("dl"))) {
			exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + mail.id() + ".eml\"");
		}
		HttpResponses.send(exchange, 200, HttpResponses.TEXT, mail.raw());
	}

	private Map<String, Object> summary(ReceivedMail mail) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("ID", mail.id());
		summary.put("MessageID", mail.messageId());
		summary.put("Read", this.store.isRead(mail.id()));
		summary.put("From", mailbox(mail.from()));
		summary.put("To", mailboxes(mail.to()));
		summary.put("Cc", mailboxes(mail.cc()));
		summary.put("Bcc", mailboxes(mail.bcc()));
		summary.put("ReplyTo", mailboxes(mail.replyTo()));
		summary.put("Subject", mail.subject());
		summary.put("Created", mail.received().toString());
		summary.put("Username", "");
		summary.put("Tags", List.of());
		summary.put("Size", mail.size());
		summary.put("Attachments", mail.attachments().size());
		summary.put("Snippet", mail.snippet());
		return summary;
	}

	private static Map<String, Object> message(ReceivedMail mail) {
		Map<String, Object> listUnsubscribe = new LinkedHashMap<>();
		listUnsubscribe.put("Header", mail.listUnsubscribe());
		listUnsubscribe.put("Links", mail.listUnsubscribeLinks());
		listUnsubscribe.put("Errors", "");
		listUnsubscribe.put("HeaderPost", mail.listUnsubscribePost());
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("ID", mail.id());
		message.put("MessageID", mail.messageId());
		message.put("From", mailbox(mail.from()));
		message.put("To", mailboxes(mail.to()));
		message.put("Cc", mailboxes(mail.cc()));
		message.put("Bcc", mailboxes(mail.bcc()));
		message.put("ReplyTo", mailboxes(mail.replyTo()));
		message.put("ReturnPath", mail.returnPath());
		message.put("Subject", mail.subject());
		message.put("ListUnsubscribe", listUnsubscribe);
		message.put("Date", mail.date().toString());
		message.put("Tags", List.of());
		message.put("Username", "");
		message.put("Text", mail.text());
		message.put("HTML", mail.html());
		message.put("Size", mail.size());
		message.put("Inline", attachments(mail.inline()));
		message.put("Attachments", attachments(mail.attachments()));
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

	private static List<Map<String, Object>> mailboxes(List<Mailbox> mailboxes) {
		return mailboxes.stream().map(MailpitApi::mailbox).toList();
	}

	private static List<Map<String, Object>> attachments(List<Attachment> attachments) {
		return attachments.stream().map((attachment) -> {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("PartID", attachment.partId());
			json.put("FileName", attachment.fileName());
			json.put("ContentType", attachment.contentType());
			json.put("ContentID", attachment.contentId());
			json.put("Size", attachment.size());
			return json;
		}).toList();
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

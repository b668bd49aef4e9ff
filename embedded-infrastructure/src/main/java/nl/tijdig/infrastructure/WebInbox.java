package nl.tijdig.infrastructure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.jsoup.nodes.Entities;

import nl.tijdig.infrastructure.ReceivedMail.Mailbox;

/**
 * The web inbox a person reads the local stack's mail in: a list of messages, newest
 * first, and each message with its headers, text and HTML. Everything a sender wrote is
 * escaped; the HTML body is shown from its own URL in a sandboxed frame, with no scripts,
 * and links in it open in a new tab.
 */
final class WebInbox implements HttpHandler {

	private static final Pattern MESSAGE = Pattern.compile("/message/([A-Za-z0-9]{1,64})/?");

	private static final Pattern HTML_VIEW = Pattern.compile("/view/([A-Za-z0-9]{1,64})\\.html");

	private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final int LISTED = 500;

	private static final String PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	private static final String SANDBOX = "allow-popups allow-popups-to-escape-sandbox";

	// The sender's HTML: no scripts, forms, plugins or remote content (a privacy campaign
	// does not track, and neither does its inbox).
	private static final String BODY_POLICY = "sandbox " + SANDBOX
			+ "; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

	private static final String STYLE = """
			body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b}
			header{background:#0b3d5c;color:#fff;padding:.6rem 1rem;display:flex;align-items:center;gap:1rem}
			header a{color:#fff;text-decoration:none;font-weight:600}
			header form{margin-left:auto}
			main{padding:1rem}
			table{border-collapse:collapse;width:100%}
			th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
			td.time{white-space:nowrap}
			.snippet{color:#666;font-weight:normal}
			pre{white-space:pre-wrap;background:#f6f6f6;padding:.75rem;border:1px solid #ddd}
			iframe{width:100%;height:60vh;border:1px solid #ddd}
			dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
			dt{font-weight:600}
			dd{margin:0}
			.empty{color:#666}
			""";

	private final MailStore store;

	WebInbox(MailStore store) {
		this.store = store;
	}

	@Override
	public void handle(HttpExchange exchange) {
		HttpResponses.handleSafely(exchange, false, this::route);
	}

	private void route(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getRawPath();
		if ("/delete-all".equals(path)) {
			if ("POST".equals(exchange.getRequestMethod())) {
				this.store.deleteAll();
				HttpResponses.redirect(exchange, "/");
			}
			else {
				HttpResponses.methodNotAllowed(exchange, "POST", false);
			}
			return;
		}
		Matcher message = MESSAGE.matcher(path);
		Matcher htmlView = HTML_VIEW.matcher(path);
		boolean known = "/".equals(path) || message.matches() || htmlView.matches();
		if (!known) {
			page(exchange, 404, "Not found", "<p class=\"empty\">There is no page here.</p>");
			return;
		}
		if (!HttpResponses.isGet(exchange)) {
			HttpResponses.methodNotAllowed(exchange, "GET, HEAD", false);
			return;
		}
		if ("/".equals(path)) {
			list(exchange);
		}
		else if (message.matches()) {
			message(exchange, this.store.find(message.group(1)));
		}
		else {
			htmlBody(exchange, this.store.find(htmlView.group(1)));
		}
	}

	private void list(HttpExchange exchange) throws IOException {
		List<ReceivedMail> messages = this.store.newestFirst();
		StringBuilder body = new StringBuilder();
		if (messages.isEmpty()) {
			body.append("<p class=\"empty\">No messages yet. This page refreshes itself.</p>");
		}
		else {
			body.append("<p>").append(messages.size()).append((messages.size() == 1) ? " message" : " messages");
			if (messages.size() > LISTED) {
				body.append(", the newest ").append(LISTED).append(" shown");
			}
			body.append(
					"</p><table><thead><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr></thead><tbody>");
			for (ReceivedMail mail : messages.subList(0, Math.min(LISTED, messages.size()))) {
				String link = "/message/" + mail.id();
				body.append("<tr><td class=\"time\">")
					.append(escape(TIME.format(mail.received())))
					.append("</td><td>")
					.append(escape((mail.from() != null) ? mail.from().toString() : ""))
					.append("</td><td>")
					.append(escape(addresses(mail.to())))
					.append("</td><td><a href=\"")
					.append(link)
					.append("\">")
					.append(escape(mail.subject().isBlank() ? "(no subject)" : mail.subject()))
					.append("</a><br><span class=\"snippet\">")
					.append(escape(mail.snippet()))
					.append("</span></td></tr>");
			}
			body.append("</tbody></table>");
		}
		page(exchange, 200, "Inbox", body.toString(), "<meta http-equiv=\"refresh\" content=\"5\">");
	}

	private void message(HttpExchange exchange, Optional<ReceivedMail> found) throws IOException {
		if (found.isEmpty()) {
			page(exchange, 404, "Message not found",
					"<p class=\"empty\">This message does not exist, or it was deleted.</p>");
			return;
		}
		ReceivedMail mail = found.get();
		StringBuilder body = new StringBuilder("<h1>")
			.append(escape(mail.subject().isBlank() ? "(no subject)" : mail.subject()))
			.append("</h1><dl>");
		field(body, "From", (mail.from() != null) ? mail.from().toString() : "");
		field(body, "To", addresses(mail.to()));
		field(body, "Received", TIME.format(mail.received()));
		field(body, "Message-ID", mail.messageId());
		field(body, "List-Unsubscribe", mail.header("List-Unsubscribe"));
		field(body, "List-Unsubscribe-Post", mail.header("List-Unsubscribe-Post"));
		body.append("</dl><p><a href=\"/api/v1/message/")
			.append(mail.id())
			.append("/raw\">Raw source</a> &middot; <a href=\"/\">Back to the inbox</a></p>");
		if (!mail.html().isBlank()) {
			body.append("<h2>HTML</h2><iframe sandbox=\"")
				.append(SANDBOX)
				.append("\" referrerpolicy=\"no-referrer\" title=\"HTML body\" src=\"/view/")
				.append(mail.id())
				.append(".html\"></iframe>");
		}
		body.append("<h2>Text</h2>");
		if (mail.text().isBlank()) {
			body.append("<p class=\"empty\">This message has no text part.</p>");
		}
		else {
			body.append("<pre>").append(linked(mail.text())).append("</pre>");
		}
		body.append("<details><summary>All headers</summary><dl>");
		for (Map.Entry<String, List<String>> header : mail.headers().entrySet()) {
			header.getValue().forEach((value) -> field(body, header.getKey(), value));
		}
		body.append("</dl></details>");
		page(exchange, 200, mail.subject(), body.toString());
	}

	private void htmlBody(HttpExchange exchange, Optional<ReceivedMail> found) throws IOException {
		if (found.isEmpty()) {
			HttpResponses.text(exchange, 404, "404 message not found");
			return;
		}
		exchange.getResponseHeaders().set("Content-Security-Policy", BODY_POLICY);
		// Without a base target a link would open inside the frame, where the sandbox
		// keeps it from working.
		String html = "<base target=\"_blank\">" + found.get().html();
		HttpResponses.send(exchange, 200, HttpResponses.HTML, html.getBytes(StandardCharsets.UTF_8));
	}

	private static void page(HttpExchange exchange, int status, String title, String body) throws IOException {
		page(exchange, status, title, body, "");
	}

	private static void page(HttpExchange exchange, int status, String title, String body, String head)
			throws IOException {
		exchange.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
		String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" + head + "<title>"
				+ escape(title) + " - Tijdig mail</title><style>" + STYLE + "</style></head><body><header>"
				+ "<a href=\"/\">Tijdig mail</a><span>Every message the local SMTP server received</span>"
				+ "<form method=\"post\" action=\"/delete-all\"><button type=\"submit\">Delete all</button></form>"
				+ "</header><main>" + body + "</main></body></html>";
		HttpResponses.html(exchange, status, page);
	}

	private static void field(StringBuilder body, String name, String value) {
		if (value != null && !value.isBlank()) {
			body.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>");
		}
	}

	private static String escape(String text) {
		return (text != null) ? Entities.escape(text) : "";
	}

	private static String addresses(List<Mailbox> mailboxes) {
		return mailboxes.stream().map(Mailbox::toString).collect(Collectors.joining(", "));
	}

	// The links in a text body (confirm, unsubscribe) are what a person clicks in the
	// demo.
	static String linked(String text) {
		StringBuilder linked = new StringBuilder();
		Matcher url = URL.matcher(text);
		int last = 0;
		while (url.find()) {
			String href = escape(url.group());
			linked.append(escape(text.substring(last, url.start())))
				.append("<a href=\"")
				.append(href)
				.append("\" target=\"_blank\" rel=\"noopener noreferrer\">")
				.append(href)
				.append("</a>");
			last = url.end();
		}
		return linked.append(escape(text.substring(last))).toString();
	}

}

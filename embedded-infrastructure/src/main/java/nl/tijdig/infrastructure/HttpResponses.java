package nl.tijdig.infrastructure;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the inbox's HTTP responses. A HEAD request gets the headers of the GET it stands
 * for.
 */
final class HttpResponses {

	static final String JSON = "application/json";

	static final String TEXT = "text/plain; charset=utf-8";

	static final String HTML = "text/html; charset=utf-8";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final Logger logger = LoggerFactory.getLogger(HttpResponses.class);

	private HttpResponses() {
	}

	/**
	 * Runs a route and always closes the exchange. A failure that is not the request's
	 * fault still gets an answer (500) instead of a dropped connection.
	 */
	static void handleSafely(HttpExchange exchange, boolean api, Route route) {
		try {
			route.handle(exchange);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Inbox request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), ex);
			if (exchange.getResponseCode() == -1) {
				try {
					if (api) {
						jsonError(exchange, 500, "internal error");
					}
					else {
						text(exchange, 500, "500 internal error");
					}
				}
				catch (IOException | RuntimeException failed) {
					// The client has gone; nothing left to tell it.
				}
			}
		}
		finally {
			exchange.close();
		}
	}

	static void json(HttpExchange exchange, int status, Object body) throws IOException {
		send(exchange, status, JSON, mapper.writeValueAsBytes(body));
	}

	static void text(HttpExchange exchange, int status, String body) throws IOException {
		send(exchange, status, TEXT, body.getBytes(StandardCharsets.UTF_8));
	}

	static void html(HttpExchange exchange, int status, String body) throws IOException {
		send(exchange, status, HTML, body.getBytes(StandardCharsets.UTF_8));
	}

	static void jsonError(HttpExchange exchange, int status, String message) throws IOException {
		json(exchange, status, Map.of("Error", message));
	}

	static void methodNotAllowed(HttpExchange exchange, String allowed, boolean api) throws IOException {
		exchange.getResponseHeaders().set("Allow", allowed);
		if (api) {
			jsonError(exchange, 405, "method not allowed");
		}
		else {
			text(exchange, 405, "405 method not allowed");
		}
	}

	static void redirect(HttpExchange exchange, String location) throws IOException {
		exchange.getResponseHeaders().set("Location", location);
		exchange.sendResponseHeaders(303, -1);
		exchange.close();
	}

	static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
		exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		if ("HEAD".equals(exchange.getRequestMethod())) {
			exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
			return;
		}
		exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@FunctionalInterface
	interface Route {

		void handle(HttpExchange exchange) throws IOException;

	}

	static boolean isGet(HttpExchange exchange) {
		return "GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod());
	}

}

package nl.tijdig.testinfra;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the console cares: it keeps its session cookie, never follows
 * redirects (tests look at them), and takes the CSRF token from the page it got last.
 */
public class ConsoleClient {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final int port;

	private String csrf;

	/** A browser for the reminder-api listening on {@code port} of this machine. */
	public ConsoleClient(int port) {
		this.port = port;
	}

	/** Logs in and answers the redirect that follows. */
	public HttpResponse<String> login(String username, String password) {
		get("/admin/login");
		return post("/admin/login", Map.of("username", username, "password", password));
	}

	/** Logs in, or fails if the console does not let this operator in. */
	public ConsoleClient loggedIn(String username, String password) {
		HttpResponse<String> response = login(username, password);
		String location = response.headers().firstValue("Location").orElse("");
		if (!location.endsWith("/admin/campaigns")) {
			throw new IllegalStateException(
					"Could not log in as " + username + ": " + response.statusCode() + " " + location);
		}
		return this;
	}

	/**
	 * A second browser holding copies of this one's cookies and CSRF token as they are
	 * now, e.g. to try them again after this one logged out.
	 */
	public ConsoleClient copy() {
		ConsoleClient copy = new ConsoleClient(this.port);
		this.cookies.getCookieStore()
			.getCookies()
			.forEach((cookie) -> copy.cookies.getCookieStore().add(uri("/"), (HttpCookie) cookie.clone()));
		copy.csrf = this.csrf;
		return copy;
	}

	public HttpResponse<String> get(String path) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
		Matcher matcher = CSRF.matcher(response.body());
		if (matcher.find()) {
			this.csrf = matcher.group(1);
		}
		return response;
	}

	/** Posts a form with the CSRF token of the last page. */
	public HttpResponse<String> post(String path, Map<String, String> fields) {
		Map<String, String> withToken = new LinkedHashMap<>(fields);
		if (this.csrf != null) {
			withToken.put("_csrf", this.csrf);
		}
		return postWithoutToken(path, withToken);
	}

	public HttpResponse<String> postWithoutToken(String path, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}

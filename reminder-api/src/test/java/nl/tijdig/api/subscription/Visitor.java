package nl.tijdig.api.subscription;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;

/**
 * Someone using the public side of reminder-api over HTTP: signs up through the JSON API
 * and follows the links of emails, with tokens signed as the notifier signs them.
 */
final class Visitor {

	private static final Pattern STARTED_FIELD = Pattern.compile("name=\"started\" value=\"([^\"]+)\"");

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	private final LinkSigner links;

	Visitor(int port, LinkSigner links) {
		this.port = port;
		this.links = links;
	}

	/**
	 * Signs up for a campaign through {@code POST
	 * /api/v1/campaigns/{slug}/subscriptions}.
	 */
	HttpResponse<String> signUp(String slug, String address) throws Exception {
		return send(HttpRequest.newBuilder(uri("/api/v1/campaigns/" + slug + "/subscriptions"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"email\":\"" + address + "\",\"language\":\"en\",\"consent\":true}")));
	}

	/**
	 * Posts {@code body} to {@code path} as a browser posts the sign-up form of campaign
	 * {@code slug}: with the CSRF cookie, the CSRF field and the start token of its page.
	 */
	HttpResponse<String> postForm(String slug, String path, String body) throws Exception {
		HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/c/" + slug)).GET());
		Matcher field = CSRF_FIELD.matcher(page.body());
		Matcher started = STARTED_FIELD.matcher(page.body());
		if (!field.find() || !started.find()) {
			throw new IllegalStateException("The page of " + slug + " has no sign-up form: " + page.statusCode());
		}
		String cookie = page.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((value) -> value.startsWith("XSRF-TOKEN="))
			.map((value) -> value.substring(0, value.indexOf(';')))
			.findFirst()
			.orElseThrow();
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cookie", cookie)
			.POST(HttpRequest.BodyPublishers
				.ofString(body + "&_csrf=" + field.group(1) + "&started=" + started.group(1))));
	}

	/** A token for this purpose and subscriber, valid for a day. */
	String token(LinkPurpose purpose, UUID subscriber) {
		return this.links.sign(purpose, subscriber, Instant.now().plus(Duration.ofDays(1)));
	}

	/** Presses the button of the page a link leads to: posts its token. */
	HttpResponse<String> follow(String path, LinkPurpose purpose, UUID subscriber) throws Exception {
		return postToken(path, token(purpose, subscriber));
	}

	HttpResponse<String> postToken(String path, String token) throws Exception {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
	}

	HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}

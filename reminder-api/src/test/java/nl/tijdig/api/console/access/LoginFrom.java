package nl.tijdig.api.console.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A login from another loopback address (127.0.0.2, ...), so that a test can be several
 * clients: Java 17's HTTP client cannot choose the address it connects from, a socket
 * can.
 */
final class LoginFrom {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern SESSION = Pattern.compile("(?im)^Set-Cookie: (JSESSIONID=[^;]+)");

	private static final Pattern LOCATION = Pattern.compile("(?im)^Location: (\\S+)");

	private final InetAddress client;

	private final int port;

	LoginFrom(String client, int port) {
		try {
			this.client = InetAddress.getByName(client);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.port = port;
	}

	/** Logs in and answers where the console sends the browser: {@code ...?error}, ... */
	String login(String username, String password) {
		String page = exchange("GET /admin/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		Matcher session = SESSION.matcher(page);
		Matcher csrf = CSRF.matcher(page);
		if (!session.find() || !csrf.find()) {
			throw new IllegalStateException("No session or CSRF token on the login page: " + page);
		}
		String body = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
				+ encode(csrf.group(1));
		String answer = exchange("POST /admin/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nCookie: "
				+ session.group(1) + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
				+ body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
		Matcher location = LOCATION.matcher(answer);
		if (!location.find()) {
			throw new IllegalStateException("The login did not redirect: " + answer);
		}
		return location.group(1);
	}

	private String exchange(String request) {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(this.client, 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 5000);
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}

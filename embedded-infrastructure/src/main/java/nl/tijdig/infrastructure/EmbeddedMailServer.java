package nl.tijdig.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP server (GreenMail) that accepts every message for every recipient, with a web
 * inbox and a Mailpit-compatible HTTP API in front of what it received, so that the same
 * scripts and tests work here and against Mailpit in docker-compose. Both listen on the
 * loopback interface only. Any SMTP credentials are accepted, and none are needed.
 * <p>
 * The API: {@code GET /api/v1/messages}, {@code GET /api/v1/message/{ID}} (also
 * {@code latest}), {@code GET /api/v1/message/{ID}/headers}, {@code GET
 * /api/v1/message/{ID}/raw}, {@code DELETE /api/v1/messages}, and
 * {@code GET}/{@code PUT /api/v1/chaos} to make SMTP commands fail as Mailpit's chaos
 * triggers do. Read it with {@link MailpitClient}.
 */
public final class EmbeddedMailServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedMailServer.class);

	/**
	 * How many messages the inbox keeps; past it the oldest go, as in Mailpit (its
	 * {@code MP_MAX_MESSAGES}), so a long-running local stack does not grow without end.
	 */
	public static final int CAPACITY = 10_000;

	private static final String HOST = "127.0.0.1";

	private final GreenMail smtp;

	private final HttpServer http;

	private final ExecutorService httpThreads;

	private final InboxDelivery delivery;

	private EmbeddedMailServer(GreenMail smtp, HttpServer http, ExecutorService httpThreads, InboxDelivery delivery) {
		this.smtp = smtp;
		this.http = http;
		this.httpThreads = httpThreads;
		this.delivery = delivery;
	}

	/**
	 * Starts the SMTP server and the inbox on free ports.
	 * @return the running server
	 */
	public static EmbeddedMailServer start() {
		return start(0, 0);
	}

	/**
	 * Starts the SMTP server and the inbox.
	 * @param smtpPort the SMTP port, or 0 for a free one
	 * @param httpPort the port of the web inbox and its API, or 0 for a free one
	 * @return the running server
	 */
	public static EmbeddedMailServer start(int smtpPort, int httpPort) {
		QuietLogging.apply();
		long started = System.nanoTime();
		MailStore store = new MailStore();
		SmtpChaos chaos = new SmtpChaos();
		GreenMail smtp = chaos.greenMail(new ServerSetup(smtpPort, HOST, ServerSetup.PROTOCOL_SMTP))
			.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
		smtp.start();
		InboxDelivery delivery = new InboxDelivery(store);
		smtp.getUserManager().setMessageDeliveryHandler(delivery);
		ExecutorService httpThreads = Executors.newFixedThreadPool(4, daemonThreads());
		HttpServer http;
		try {
			http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), httpPort), 0);
		}
		catch (IOException ex) {
			smtp.stop();
			httpThreads.shutdownNow();
			throw new UncheckedIOException("The mail inbox cannot listen on " + HOST + ":" + httpPort, ex);
		}
		http.createContext("/api/", new MailpitApi(store, chaos));
		http.createContext("/", new WebInbox(store));
		http.setExecutor(httpThreads);
		http.start();
		EmbeddedMailServer server = new EmbeddedMailServer(smtp, http, httpThreads, delivery);
		logger.info("Mail server started in {} ms: SMTP on {}:{}, inbox on {}", elapsedMillis(started), HOST,
				server.smtpPort(), server.apiUrl());
		return server;
	}

	/**
	 * Puts every message for {@code address}, or for {@code local+anything@domain}, into
	 * {@code mailbox} as well as into the inbox: the bounce address of the local stack,
	 * whose reports the notifier reads over IMAP.
	 */
	public void forwardTo(String address, EmbeddedImapMailbox mailbox) {
		this.delivery.forward(address, mailbox::deliver);
	}

	public String smtpHost() {
		return HOST;
	}

	public int smtpPort() {
		return this.smtp.getSmtp().getPort();
	}

	public int httpPort() {
		return this.http.getAddress().getPort();
	}

	/**
	 * The base URL of the web inbox and its API, as for Mailpit.
	 * @return the URL, e.g. {@code http://127.0.0.1:8025}
	 */
	public String apiUrl() {
		return "http://" + HOST + ":" + httpPort();
	}

	/**
	 * A client for this inbox's API.
	 * @return the client
	 */
	public MailpitClient client() {
		return new MailpitClient(apiUrl());
	}

	@Override
	public void close() {
		this.http.stop(0);
		this.httpThreads.shutdownNow();
		this.smtp.stop();
	}

	private static ThreadFactory daemonThreads() {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "mail-inbox-http-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private static long elapsedMillis(long startedNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
	}

}

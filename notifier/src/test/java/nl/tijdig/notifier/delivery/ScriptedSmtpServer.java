package nl.tijdig.notifier.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server that speaks just enough of the protocol to fail where a test wants it
 * to: hang up after the message body without answering, or hang up on QUIT, refuse
 * recipients with a relay's own words, take its time to answer the body or let a test act
 * before it does. GreenMail cannot do these, and these are the failures whose handling
 * must be exact.
 */
final class ScriptedSmtpServer implements AutoCloseable {

	enum AfterBody {

		/** Answer 250: accepted. */
		ACCEPT,

		/** Hang up without a reply: the sender cannot know whether it was taken. */
		HANG_UP

	}

	private final ServerSocket server;

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger accepted = new AtomicInteger();

	private volatile AfterBody afterBody = AfterBody.ACCEPT;

	private volatile boolean hangUpOnQuit;

	private volatile String recipientRefusal;

	private final AtomicInteger recipients = new AtomicInteger();

	private final List<String> acceptedMessageIds = new CopyOnWriteArrayList<>();

	private volatile Duration stallAfterBody = Duration.ZERO;

	private volatile Runnable beforeAccepting = () -> {
	};

	ScriptedSmtpServer() throws IOException {
		this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
		Thread thread = new Thread(this::serve, "scripted-smtp");
		thread.setDaemon(true);
		thread.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	int connections() {
		return this.connections.get();
	}

	int accepted() {
		return this.accepted.get();
	}

	void afterBody(AfterBody afterBody) {
		this.afterBody = afterBody;
	}

	/**
	 * Refuses every recipient with this reply; {@code %s} stands for the address, as many
	 * relays quote it.
	 */
	void refuseRecipients(String reply) {
		this.recipientRefusal = reply;
	}

	/** Waits this long before answering the end of each message body. */
	void stallAfterBody(Duration stall) {
		this.stallAfterBody = stall;
	}

	/**
	 * Runs this once the whole body of a message arrived and before it is accepted: the
	 * sender is then waiting for the reply that tells it the relay took the message.
	 */
	void beforeAccepting(Runnable action) {
		this.beforeAccepting = action;
	}

	/** RCPT TO commands received, refused ones included. */
	int recipients() {
		return this.recipients.get();
	}

	/** The Message-ID of every message accepted, as often as it was accepted. */
	List<String> acceptedMessageIds() {
		return List.copyOf(this.acceptedMessageIds);
	}

	/** Back to accepting everything at once, counts kept. */
	void acceptAll() {
		this.afterBody = AfterBody.ACCEPT;
		this.recipientRefusal = null;
		this.stallAfterBody = Duration.ZERO;
		this.beforeAccepting = () -> {
		};
	}

	void hangUpOnQuit() {
		this.hangUpOnQuit = true;
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.connections.incrementAndGet();
				Thread thread = new Thread(() -> converse(socket), "scripted-smtp-session");
				thread.setDaemon(true);
				thread.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void converse(Socket socket) {
		try (socket) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			OutputStream out = socket.getOutputStream();
			reply(out, "220 scripted ESMTP");
			String line;
			while ((line = in.readLine()) != null) {
				String command = line.toUpperCase();
				if (command.startsWith("EHLO")) {
					reply(out, "250-scripted\r\n250 8BITMIME");
				}
				else if (command.startsWith("RCPT TO:")) {
					this.recipients.incrementAndGet();
					String refusal = this.recipientRefusal;
					String address = line.substring("RCPT TO:".length()).replaceAll("[<>]", "").strip();
					reply(out, (refusal != null) ? refusal.formatted(address) : "250 OK");
				}
				else if (command.startsWith("DATA")) {
					reply(out, "354 go ahead");
					String messageId = null;
					while ((line = in.readLine()) != null && !line.equals(".")) {
						if (messageId == null && line.toLowerCase(Locale.ROOT).startsWith("message-id:")) {
							messageId = line.substring("message-id:".length()).strip();
						}
					}
					if (this.afterBody == AfterBody.HANG_UP) {
						return;
					}
					stall();
					this.beforeAccepting.run();
					this.accepted.incrementAndGet();
					this.acceptedMessageIds.add(messageId);
					reply(out, "250 queued");
				}
				else if (command.startsWith("QUIT")) {
					if (!this.hangUpOnQuit) {
						reply(out, "221 bye");
					}
					return;
				}
				else {
					reply(out, "250 OK");
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private void stall() {
		try {
			Thread.sleep(this.stallAfterBody.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void reply(OutputStream out, String reply) throws IOException {
		out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}

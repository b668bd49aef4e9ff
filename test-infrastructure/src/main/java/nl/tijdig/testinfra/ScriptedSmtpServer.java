package nl.tijdig.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import nl.tijdig.infrastructure.EmbeddedMailServer;

// Longer than 300 lines for its public vocabulary: Behaviour, Script, Stage and Received
// are nested so that tests name them ScriptedSmtpServer.Behaviour and so on. The SMTP
// conversation itself is SmtpSession.

/**
 * An SMTP server that speaks just enough of the protocol to record every message it
 * accepts (its Message-ID, recipients and source) and to misbehave where a test wants it
 * to: refuse a connection with 421, refuse recipients or the message after its body with
 * any reply, hang up after the body without answering, drop the connection, or take its
 * time to answer the body. GreenMail ({@link EmbeddedMailServer}) cannot do the last
 * ones, and these are the failures whose handling must be exact. It runs in the test's
 * JVM on the loopback interface, one thread per connection. It offers {@code PIPELINING}
 * and answers what a client wrote at once in order, as a real server does: a recipient
 * after a refused sender and {@code DATA} without an accepted recipient are refused.
 * <p>
 * {@link #behave} misbehaves for everybody; {@link #script} misbehaves for one recipient
 * only, for a number of attempts, so that one run of a platform can carry many kinds of
 * trouble on different subscribers while everybody else's mail flows. What happens at the
 * greeting or at {@code MAIL FROM}, before any recipient is named, is set off by a
 * recipient's accepted message: the connection is dropped after it and the next one
 * greeted with the reply ({@link Script#nextConnection}), or the next {@code MAIL FROM}
 * answered with it ({@link Script#nextSender}). {@link #slowConnection} makes one
 * connection slow, whoever's mail it carries: one sender among several falls behind.
 * <p>
 * The server holds what a test sets and what the sessions record; each connection's
 * conversation is an {@link SmtpSession}.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

	private final ServerSocket server;

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger recipients = new AtomicInteger();

	private final AtomicInteger pipelined = new AtomicInteger();

	private volatile Runnable beforeAccepting = () -> {
	};

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final Map<String, Integer> scriptedAttempts = new ConcurrentHashMap<>();

	private volatile Behaviour behaviour = Behaviour.NORMAL;

	private final Map<String, Scripted> scripts = new ConcurrentHashMap<>();

	private final Queue<String> connectReplies = new ConcurrentLinkedQueue<>();

	private final Queue<String> senderReplies = new ConcurrentLinkedQueue<>();

	private final AtomicReference<Slowness> slowness = new AtomicReference<>();

	private ScriptedSmtpServer(ServerSocket server) {
		this.server = server;
		Thread thread = new Thread(this::serve, "scripted-smtp");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Starts a server on a free loopback port that accepts every message.
	 * @return the running server
	 */
	public static ScriptedSmtpServer start() {
		return start(0);
	}

	/**
	 * Starts a server on the loopback interface that accepts every message.
	 * @param port the port, or 0 for a free one
	 * @return the running server
	 */
	public static ScriptedSmtpServer start(int port) {
		try {
			return new ScriptedSmtpServer(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The scripted SMTP server cannot listen on port " + port, ex);
		}
	}

	public String host() {
		return "127.0.0.1";
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Connections accepted so far, refused ones included. */
	public int connections() {
		return this.connections.get();
	}

	/**
	 * {@code RCPT TO} commands so far, refused ones included: how often a send was tried.
	 */
	public int recipients() {
		return this.recipients.get();
	}

	/**
	 * Every message accepted (answered 250 after its body), in the order accepted; a
	 * message sent twice is here twice.
	 */
	public List<Received> received() {
		return List.copyOf(this.received);
	}

	/**
	 * {@code MAIL FROM} commands that arrived with the commands after them, before their
	 * reply: how many messages a client sent pipelined (the server offers
	 * {@code PIPELINING}, RFC 2920).
	 */
	public int pipelined() {
		return this.pipelined.get();
	}

	/** Forgets the messages received so far. */
	public void clear() {
		this.received.clear();
	}

	/**
	 * How the server behaves from now on, for new and open connections alike.
	 * {@link Behaviour#NORMAL} accepts everything.
	 */
	public void behave(Behaviour behaviour) {
		this.behaviour = behaviour;
	}

	/**
	 * Misbehaves for one recipient, on its next {@code times} attempts (each
	 * {@code RCPT TO} naming it is one), then accepts it as usual; a recipient scripted
	 * again gets the new script. What {@link #behave} sets goes first: a relay that
	 * refuses everybody refuses this recipient too.
	 * @param recipient the address as the sender names it, case ignored
	 * @param script what to do
	 * @param times how many attempts, {@link Integer#MAX_VALUE} for every one
	 */
	public void script(String recipient, Script script, int times) {
		if (times < 1) {
			throw new IllegalArgumentException("a script needs at least one attempt");
		}
		this.scripts.put(recipient.toLowerCase(Locale.ROOT), new Scripted(script, new AtomicInteger(times)));
	}

	/** Treats the recipient as everybody else again. */
	public void unscript(String recipient) {
		this.scripts.remove(recipient.toLowerCase(Locale.ROOT));
	}

	/**
	 * {@code RCPT TO}s that met the recipient's script so far.
	 */
	public int scripted(String recipient) {
		return this.scriptedAttempts.getOrDefault(recipient.toLowerCase(Locale.ROOT), 0);
	}

	/**
	 * Runs an action after a body has arrived and before it is accepted, on the session's
	 * thread: what a test does there happens while the sender waits for the reply.
	 */
	public void beforeAccepting(Runnable action) {
		this.beforeAccepting = action;
	}

	/**
	 * Makes the next connection that brings a message slow: that message and the next
	 * ones on the same connection, {@code messages} in all, are answered 250 only after
	 * {@code delay} each. Every other connection is answered at once. A sender that keeps
	 * one connection per thread thus has one slow thread, while the others keep pace.
	 * @param delay how late each reply comes (under the sender's read timeout, or it
	 * cannot know the message was taken)
	 * @param messages how many messages on that connection are answered late
	 */
	public void slowConnection(Duration delay, int messages) {
		if (messages < 1 || delay.isNegative()) {
			throw new IllegalArgumentException("a slow connection needs a delay and at least one message");
		}
		this.slowness.set(new Slowness(delay, messages));
	}

	/** Closes every open connection at once, as a relay that restarts does. */
	public void dropConnections() {
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
	}

	@Override
	public void close() {
		closeQuietly(this.server);
		dropConnections();
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.connections.incrementAndGet();
				Thread thread = new Thread(new SmtpSession(this, socket), "scripted-smtp-session");
				thread.setDaemon(true);
				thread.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	// What a session asks and tells the server, package-private for SmtpSession.

	Behaviour behaviour() {
		return this.behaviour;
	}

	void opened(Socket socket) {
		this.open.add(socket);
	}

	void closed(Socket socket) {
		this.open.remove(socket);
	}

	/**
	 * A reply that greets and ends this connection, left by a
	 * {@link Stage#NEXT_CONNECTION}.
	 */
	String connectionRefusal() {
		return this.connectReplies.poll();
	}

	/** A reply to this {@code MAIL FROM}, left by a {@link Stage#NEXT_SENDER}. */
	String senderRefusal() {
		return this.senderReplies.poll();
	}

	void countPipelined() {
		this.pipelined.incrementAndGet();
	}

	void countRecipient() {
		this.recipients.incrementAndGet();
	}

	/** The recipient's script for this attempt, if it has one left. */
	Script take(String address) {
		String key = address.toLowerCase(Locale.ROOT);
		Scripted scripted = this.scripts.get(key);
		if (scripted == null
				|| scripted.remaining().getAndUpdate((n) -> (n > 0 && n < Integer.MAX_VALUE) ? n - 1 : n) <= 0) {
			return null;
		}
		this.scriptedAttempts.merge(key, 1, Integer::sum);
		return scripted.script();
	}

	/** The slowness for the first connection that asks, once. */
	Slowness takeSlowness() {
		return this.slowness.getAndSet(null);
	}

	/**
	 * Records a message about to be answered 250, after the test's action. One session at
	 * a time, so that what the action sees received is all that came before its own
	 * message, which follows it at once.
	 */
	synchronized void accept(Received message, Script script) {
		this.beforeAccepting.run();
		this.received.add(message);
		if (script != null && script.stage() == Stage.NEXT_SENDER) {
			this.senderReplies.add(script.reply());
		}
		if (script != null && script.stage() == Stage.NEXT_CONNECTION) {
			this.connectReplies.add(script.reply());
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

	/** What the server does after the end of a message body. */
	public enum AfterBody {

		/** Answer 250: accepted, and recorded. */
		ACCEPT,

		/** Answer with {@link Behaviour#afterBodyReply()}: refused, not recorded. */
		REPLY,

		/** Hang up without a reply: the sender cannot know whether it was taken. */
		HANG_UP

	}

	/**
	 * How the server misbehaves.
	 *
	 * @param onConnect a reply that greets and ends every new connection (e.g.
	 * {@code 421 4.3.2 try later}), or null to greet with 220
	 * @param atRecipient a reply to every {@code RCPT TO} instead of 250; {@code %s}
	 * stands for the address, as many relays quote it; or null
	 * @param afterBody what to do after the end of a message body
	 * @param afterBodyReply the reply for {@link AfterBody#REPLY}, e.g.
	 * {@code 451 4.3.0 try again later}
	 * @param hangUpOnQuit whether to close the connection on {@code QUIT} without a reply
	 * @param stall how long to wait before answering a body, as a slow relay does
	 */
	public record Behaviour(String onConnect, String atRecipient, AfterBody afterBody, String afterBodyReply,
			boolean hangUpOnQuit, Duration stall) {

		public static final Behaviour NORMAL = new Behaviour(null, null, AfterBody.ACCEPT, null, false, Duration.ZERO);

		public Behaviour {
			if (afterBody == AfterBody.REPLY && afterBodyReply == null) {
				throw new IllegalArgumentException("a reply after the body needs its text");
			}
		}

		public Behaviour refusingConnections(String reply) {
			return new Behaviour(reply, this.atRecipient, this.afterBody, this.afterBodyReply, this.hangUpOnQuit,
					this.stall);
		}

		public Behaviour refusingRecipients(String reply) {
			return new Behaviour(this.onConnect, reply, this.afterBody, this.afterBodyReply, this.hangUpOnQuit,
					this.stall);
		}

		public Behaviour replyingAfterBody(String reply) {
			return new Behaviour(this.onConnect, this.atRecipient, AfterBody.REPLY, reply, this.hangUpOnQuit,
					this.stall);
		}

		public Behaviour hangingUpAfterBody() {
			return new Behaviour(this.onConnect, this.atRecipient, AfterBody.HANG_UP, null, this.hangUpOnQuit,
					this.stall);
		}

		public Behaviour hangingUpOnQuit() {
			return new Behaviour(this.onConnect, this.atRecipient, this.afterBody, this.afterBodyReply, true,
					this.stall);
		}

		public Behaviour stalling(Duration stall) {
			return new Behaviour(this.onConnect, this.atRecipient, this.afterBody, this.afterBodyReply,
					this.hangUpOnQuit, stall);
		}

	}

	/** Where a recipient's script strikes. */
	public enum Stage {

		/** The reply to its {@code RCPT TO}; a 421 closes the connection after it. */
		AT_RECIPIENT,

		/** The connection closed at its {@code RCPT TO}, without a reply. */
		DROP_AT_RECIPIENT,

		/**
		 * The reply after its message's body, which is not recorded; a 421 closes the
		 * connection after it.
		 */
		AFTER_BODY,

		/** The connection closed after its body without a reply; nothing recorded. */
		HANG_UP_AFTER_BODY,

		/**
		 * Its message accepted and recorded, but the 250 only after {@code delay}: later
		 * than a sender's read timeout, the sender cannot know it was taken.
		 */
		SLOW_REPLY,

		/**
		 * Its message accepted; then the connection closed and the next connection,
		 * whoever makes it, greeted with the reply (a 421) and closed.
		 */
		NEXT_CONNECTION,

		/**
		 * Its message accepted; the next {@code MAIL FROM}, on any connection, answered
		 * with the reply (a 421 closes the connection after it).
		 */
		NEXT_SENDER

	}

	/**
	 * What a recipient's script does.
	 *
	 * @param stage where it strikes
	 * @param reply the reply, where the stage has one ({@code %s} at the recipient stands
	 * for the address)
	 * @param delay how late a {@link Stage#SLOW_REPLY} answers
	 */
	public record Script(Stage stage, String reply, Duration delay) {

		public Script {
			if (reply == null && (stage == Stage.AT_RECIPIENT || stage == Stage.AFTER_BODY
					|| stage == Stage.NEXT_CONNECTION || stage == Stage.NEXT_SENDER)) {
				throw new IllegalArgumentException(stage + " needs a reply");
			}
		}

		public static Script atRecipient(String reply) {
			return new Script(Stage.AT_RECIPIENT, reply, Duration.ZERO);
		}

		public static Script dropAtRecipient() {
			return new Script(Stage.DROP_AT_RECIPIENT, null, Duration.ZERO);
		}

		public static Script afterBody(String reply) {
			return new Script(Stage.AFTER_BODY, reply, Duration.ZERO);
		}

		public static Script hangUpAfterBody() {
			return new Script(Stage.HANG_UP_AFTER_BODY, null, Duration.ZERO);
		}

		public static Script slowReply(Duration delay) {
			return new Script(Stage.SLOW_REPLY, null, delay);
		}

		public static Script nextConnection(String reply) {
			return new Script(Stage.NEXT_CONNECTION, reply, Duration.ZERO);
		}

		public static Script nextSender(String reply) {
			return new Script(Stage.NEXT_SENDER, reply, Duration.ZERO);
		}

	}

	private record Scripted(Script script, AtomicInteger remaining) {
	}

	record Slowness(Duration delay, int messages) {
	}

	/**
	 * A message the server accepted.
	 *
	 * @param messageId its {@code Message-ID} header, angle brackets included, or null
	 * @param recipients the addresses of its {@code RCPT TO} commands
	 * @param data its source as sent, dot-stuffing undone
	 * @param at when it was accepted
	 */
	public record Received(String messageId, List<String> recipients, byte[] data, Instant at) {

		/** The source as text; headers and encoded bodies are ASCII. */
		public String source() {
			return new String(this.data, StandardCharsets.ISO_8859_1);
		}

	}

}

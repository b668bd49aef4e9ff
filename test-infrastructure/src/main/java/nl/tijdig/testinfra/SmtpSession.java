package nl.tijdig.testinfra;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.tijdig.testinfra.ScriptedSmtpServer.AfterBody;
import nl.tijdig.testinfra.ScriptedSmtpServer.Behaviour;
import nl.tijdig.testinfra.ScriptedSmtpServer.Received;
import nl.tijdig.testinfra.ScriptedSmtpServer.Script;
import nl.tijdig.testinfra.ScriptedSmtpServer.Slowness;
import nl.tijdig.testinfra.ScriptedSmtpServer.Stage;

/**
 * One connection to a {@link ScriptedSmtpServer}: the SMTP conversation, command by
 * command, asking the server at each step how to misbehave and handing it what it
 * accepts. One thread per connection.
 */
final class SmtpSession implements Runnable {

	private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>\\r\\n]+>)");

	private final ScriptedSmtpServer server;

	private final Socket socket;

	SmtpSession(ScriptedSmtpServer server, Socket socket) {
		this.server = server;
		this.socket = socket;
	}

	@Override
	public void run() {
		Socket socket = this.socket;
		this.server.opened(socket);
		try (socket) {
			// Buffered: the lines are read a byte at a time, and a read of the socket per
			// byte made this server, not the sender, the limit of a benchmark.
			InputStream in = new BufferedInputStream(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			if (this.server.behaviour().onConnect() != null) {
				reply(out, this.server.behaviour().onConnect());
				return;
			}
			String refusal = this.server.connectionRefusal();
			if (refusal != null) {
				reply(out, refusal);
				return;
			}
			reply(out, "220 scripted ESMTP");
			List<String> recipients = new ArrayList<>();
			List<Script> scripted = new ArrayList<>();
			boolean sender = false;
			Slowness slow = null;
			int slowLeft = 0;
			String line;
			while ((line = readLine(in)) != null) {
				Behaviour now = this.server.behaviour();
				String command = line.toUpperCase();
				if (command.startsWith("EHLO")) {
					reply(out, "250-scripted\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES");
				}
				else if (command.startsWith("MAIL FROM:")) {
					recipients.clear();
					scripted.clear();
					if (in.available() > 0) {
						// What came after it was written with it, before this reply.
						this.server.countPipelined();
					}
					String senderRefusal = this.server.senderRefusal();
					sender = senderRefusal == null;
					if (senderRefusal != null) {
						reply(out, senderRefusal);
						if (closes(senderRefusal)) {
							return;
						}
					}
					else {
						reply(out, "250 2.0.0 OK");
					}
				}
				else if (command.startsWith("RSET")) {
					sender = false;
					recipients.clear();
					scripted.clear();
					reply(out, "250 2.0.0 OK");
				}
				else if (command.startsWith("RCPT TO:") && !sender) {
					// As a real server answers a recipient that a client pipelined after
					// a refused sender.
					reply(out, "503 5.5.1 Error: need MAIL command");
				}
				else if (command.startsWith("RCPT TO:")) {
					String address = line.substring("RCPT TO:".length()).replaceAll("[<>]", "").strip();
					this.server.countRecipient();
					Script script = (now.atRecipient() != null) ? null : this.server.take(address);
					if (now.atRecipient() != null) {
						reply(out, now.atRecipient().formatted(address));
					}
					else if (script != null && script.stage() == Stage.DROP_AT_RECIPIENT) {
						return;
					}
					else if (script != null && script.stage() == Stage.AT_RECIPIENT) {
						reply(out, script.reply().formatted(address));
						if (closes(script.reply())) {
							return;
						}
					}
					else {
						recipients.add(address);
						if (script != null) {
							scripted.add(script);
						}
						reply(out, "250 2.1.5 OK");
					}
				}
				else if (command.startsWith("DATA") && recipients.isEmpty()) {
					// What a client that pipelined DATA after refused recipients
					// must read rather than assume.
					reply(out, "554 5.5.1 Error: no valid recipients");
				}
				else if (command.startsWith("DATA")) {
					sender = false;
					reply(out, "354 go ahead");
					byte[] data = readData(in);
					if (data == null) {
						return;
					}
					Behaviour after = this.server.behaviour();
					stall(after.stall());
					if (after.afterBody() == AfterBody.HANG_UP) {
						return;
					}
					if (after.afterBody() == AfterBody.REPLY) {
						reply(out, after.afterBodyReply());
						continue;
					}
					Script script = scripted.isEmpty() ? null : scripted.get(0);
					scripted.clear();
					if (script != null && script.stage() == Stage.HANG_UP_AFTER_BODY) {
						return;
					}
					if (script != null && script.stage() == Stage.AFTER_BODY) {
						recipients.clear();
						reply(out, script.reply());
						if (closes(script.reply())) {
							return;
						}
						continue;
					}
					if (slow == null) {
						slow = this.server.takeSlowness();
						slowLeft = (slow != null) ? slow.messages() : 0;
					}
					if (slowLeft > 0) {
						slowLeft--;
						stall(slow.delay());
					}
					this.server.accept(new Received(messageId(data), List.copyOf(recipients), data, Instant.now()),
							script);
					recipients.clear();
					if (script != null && script.stage() == Stage.SLOW_REPLY) {
						// The relay has queued it before the sender gives up: whoever
						// counts copies once the sender has settled finds it.
						stall(script.delay());
					}
					reply(out, "250 2.0.0 queued");
					if (script != null && script.stage() == Stage.NEXT_CONNECTION) {
						return;
					}
				}
				else if (command.startsWith("QUIT")) {
					if (!now.hangUpOnQuit()) {
						reply(out, "221 2.0.0 bye");
					}
					return;
				}
				else {
					reply(out, "250 2.0.0 OK");
				}
			}
		}
		catch (IOException ex) {
			// the client went away, or the connection was dropped on purpose
		}
		finally {
			this.server.closed(socket);
		}
	}

	/** A 421 tells the client that the server closes the connection, and so it does. */
	private static boolean closes(String reply) {
		return reply.startsWith("421");
	}

	private static void stall(Duration stall) {
		if (!stall.isZero()) {
			try {
				Thread.sleep(stall.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** The body up to the lone dot, dot-stuffing undone; null if the client went away. */
	private static byte[] readData(InputStream in) throws IOException {
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		String line;
		while ((line = readLine(in)) != null) {
			if (line.equals(".")) {
				return data.toByteArray();
			}
			String unstuffed = line.startsWith(".") ? line.substring(1) : line;
			data.write(unstuffed.getBytes(StandardCharsets.ISO_8859_1));
			data.write('\r');
			data.write('\n');
		}
		return null;
	}

	/**
	 * A line without its CRLF, bytes kept as they are (ISO-8859-1 maps them one to one).
	 */
	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(128);
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				String text = line.toString(StandardCharsets.ISO_8859_1);
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			line.write(b);
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1) : null;
	}

	private static String messageId(byte[] data) {
		String source = new String(data, StandardCharsets.ISO_8859_1);
		int headersEnd = source.indexOf("\r\n\r\n");
		Matcher matcher = MESSAGE_ID.matcher((headersEnd >= 0) ? source.substring(0, headersEnd) : source);
		return matcher.find() ? matcher.group(1) : null;
	}

	private static void reply(OutputStream out, String reply) throws IOException {
		out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

}

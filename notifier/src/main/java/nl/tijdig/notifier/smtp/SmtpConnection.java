package nl.tijdig.notifier.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * One connection to the relay, kept open across messages and batches: a sending thread
 * owns it and nobody else uses it. It is checked before use once it has been idle (a
 * relay drops idle connections without saying so), renewed after a number of messages,
 * and dropped after a failure that leaves its state unknown.
 */
class SmtpConnection implements RelayConnection {

	private static final Log logger = LogFactory.getLog(SmtpConnection.class);

	private static final SendResult ACCEPTED = new SendResult.Accepted();

	private final Session session;

	private final SmtpRelay relay;

	private final SmtpProperties properties;

	private final Clock clock;

	private final Runnable onConnect;

	private TrackingTransport transport;

	private Instant lastUsed = Instant.MIN;

	private int messages;

	SmtpConnection(Session session, SmtpRelay relay, SmtpProperties properties, Clock clock, Runnable onConnect) {
		this.session = session;
		this.relay = relay;
		this.properties = properties;
		this.clock = clock;
		this.onConnect = onConnect;
	}

	@Override
	public SendResult send(OutgoingMail mail) {
		try {
			open();
			this.transport.send(mail);
			this.messages++;
			this.lastUsed = this.clock.instant();
			return ACCEPTED;
		}
		catch (MessagingException ex) {
			SendResult result = SmtpFailures.classify(ex, this.transport != null && this.transport.bodySent());
			// After a refused recipient the relay has been reset (RSET) and the
			// connection is fine, unless the reset failed; after anything else nobody
			// knows what state it is in.
			if (!(result instanceof SendResult.Refused refused && refused.refusal() == SendResult.Refusal.ADDRESS
					&& this.transport.stillOpen())) {
				close();
			}
			return result;
		}
	}

	private void open() throws MessagingException {
		if (this.transport != null) {
			boolean stale = this.messages >= this.properties.maxMessagesPerConnection();
			boolean idle = this.lastUsed.plus(this.properties.idleTimeout()).isBefore(this.clock.instant());
			// NOOP only after a pause: between messages of a batch the last reply is
			// proof enough.
			if (stale || (idle && !this.transport.isConnected())) {
				close();
			}
		}
		if (this.transport == null) {
			TrackingTransport opened = new TrackingTransport(this.session, this.properties.pipelining());
			opened.connect(this.relay.host(), this.relay.port(), this.relay.username(), this.relay.password());
			this.transport = opened;
			this.messages = 0;
			this.lastUsed = this.clock.instant();
			this.onConnect.run();
		}
	}

	@Override
	public void closeIfIdle() {
		if (this.transport != null
				&& this.lastUsed.plus(this.properties.idleTimeout()).isBefore(this.clock.instant())) {
			close();
		}
	}

	/**
	 * Says goodbye to the relay. A QUIT that fails is no failure: whatever was accepted
	 * before it was accepted.
	 */
	@Override
	public void close() {
		TrackingTransport closing = this.transport;
		this.transport = null;
		if (closing == null) {
			return;
		}
		try {
			closing.close();
		}
		catch (MessagingException ex) {
			logger.debug("QUIT failed; the messages accepted before it stand", ex);
		}
	}

	/** Where the connection goes and who it logs in as. */
	record SmtpRelay(String host, int port, String username, String password) {
	}

	/**
	 * Angus's transport, noting whether the end of the message body (the lone dot) was
	 * written: a connection lost after that is lost with the relay's verdict unknown.
	 * <p>
	 * To a relay that says {@code PIPELINING} (RFC 2920) it writes {@code MAIL FROM},
	 * {@code RCPT TO} and {@code DATA} at once and reads their replies after: two round
	 * trips a message instead of four, which on a fast relay is most of what a sending
	 * thread waits for and half of its system calls. Angus does not pipeline, and its
	 * {@code sendCommand} writes one command at a time (a line break in one is refused,
	 * so that no address can smuggle in a command): the three are written to its output
	 * stream, reached through its private field. Should a later Angus not have it, the
	 * messages go one command at a time as before. The body and its end go through Angus,
	 * so that dot-stuffing and the reply to the body are handled as for any other
	 * message.
	 */
	static final class TrackingTransport extends SMTPTransport {

		private static final byte[] CRLF = { '\r', '\n' };

		/** Angus's stream to the relay, {@code null} if it cannot be reached. */
		private static final VarHandle SERVER_OUTPUT = serverOutput();

		private boolean bodySent;

		/**
		 * The pipelined {@code DATA} was answered 354: Angus's own {@code DATA}, which
		 * opens the body's stream, is neither written nor read again.
		 */
		private boolean dataAnswered;

		/** Whether the settings allow pipelining; the relay must offer it too. */
		private final boolean pipelining;

		TrackingTransport(Session session, boolean pipelining) {
			super(session, new URLName("smtp", null, -1, null, null, null));
			this.pipelining = pipelining;
		}

		/**
		 * Hands the message to the relay, pipelined if the relay and the settings allow.
		 * @throws MessagingException as Angus throws it for the same failure, so that one
		 * classification ({@link SmtpFailures}) serves both ways
		 */
		synchronized void send(OutgoingMail mail) throws MessagingException {
			this.bodySent = false;
			if (!this.pipelining || SERVER_OUTPUT == null || !supportsExtension("PIPELINING")) {
				sendMessage(mail.forTransport(this.session), new Address[] { mail.to() });
				return;
			}
			String sender = "MAIL FROM:<" + mail.from().getAddress() + ">";
			String recipient = "RCPT TO:<" + mail.to().getAddress() + ">";
			writeAtOnce(sender, recipient, "DATA");
			int senderReply = readServerResponse();
			if (senderReply != 250) {
				// The connection is dropped after this: what followed need not be read.
				throw new SMTPSendFailedException(sender, senderReply, getLastServerResponse(), null, null, null, null);
			}
			int recipientReply = readServerResponse();
			if (recipientReply != 250 && recipientReply != 251) {
				SMTPAddressFailedException refused = new SMTPAddressFailedException(mail.to(), recipient,
						recipientReply, getLastServerResponse());
				resetAfterRefusedRecipient();
				throw new SendFailedException("Invalid Addresses", refused, null, null, new Address[] { mail.to() });
			}
			int dataReply = readServerResponse();
			if (dataReply != 354) {
				throw new SMTPSendFailedException("DATA", dataReply, getLastServerResponse(), null, null, null, null);
			}
			this.dataAnswered = true;
			try {
				data().write(mail.content());
				finishData();
			}
			catch (IOException ex) {
				throw new MessagingException("IOException while sending message", ex);
			}
			finally {
				this.dataAnswered = false;
			}
		}

		private void writeAtOnce(String... commands) throws MessagingException {
			OutputStream out = (OutputStream) SERVER_OUTPUT.get(this);
			try {
				for (String command : commands) {
					if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0) {
						throw new MessagingException("An SMTP command may not hold a line break");
					}
					out.write(command.getBytes(StandardCharsets.ISO_8859_1));
					out.write(CRLF);
				}
				out.flush();
			}
			catch (IOException ex) {
				throw new MessagingException("Can't send command to SMTP host", ex);
			}
		}

		private static VarHandle serverOutput() {
			try {
				return MethodHandles.privateLookupIn(SMTPTransport.class, MethodHandles.lookup())
					.findVarHandle(SMTPTransport.class, "serverOutput", OutputStream.class);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.warn("This version of Angus Mail keeps its stream to the relay elsewhere: messages go "
						+ "one SMTP command at a time, without pipelining", ex);
				return null;
			}
		}

		/**
		 * Makes the connection ready for the next message after a refused recipient. The
		 * {@code DATA} written with it is answered first: a relay that rightly refused it
		 * needs no more than {@code RSET}; one that took it anyway gets the lone dot (RFC
		 * 2920, 3.1), an empty message to nobody. A connection that cannot be reset is
		 * closed.
		 */
		private void resetAfterRefusedRecipient() {
			try {
				if (super.readServerResponse() == 354) {
					super.sendCommand(".");
					super.readServerResponse();
				}
				if (simpleCommand("RSET") != 250) {
					close();
				}
			}
			catch (MessagingException ex) {
				try {
					close();
				}
				catch (MessagingException closing) {
					// closed all the same
				}
			}
		}

		boolean bodySent() {
			return this.bodySent;
		}

		/**
		 * Whether the connection is still open as far as this side knows, without asking
		 * the relay ({@link #isConnected()} sends {@code NOOP}).
		 */
		boolean stillOpen() {
			try {
				checkConnected();
				return true;
			}
			catch (IllegalStateException ex) {
				return false;
			}
		}

		@Override
		protected void sendCommand(String command) throws MessagingException {
			if (this.dataAnswered && "DATA".equals(command)) {
				return;
			}
			super.sendCommand(command);
			if (".".equals(command)) {
				this.bodySent = true;
			}
		}

		@Override
		protected int readServerResponse() throws MessagingException {
			if (this.dataAnswered) {
				this.dataAnswered = false;
				return 354;
			}
			return super.readServerResponse();
		}

	}

}

package nl.tijdig.notifier.smtp;

import java.time.Clock;
import java.time.Instant;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
			this.transport.expectData();
			this.transport.sendMessage(mail.forTransport(this.session), new Address[] { mail.to() });
			this.messages++;
			this.lastUsed = this.clock.instant();
			return ACCEPTED;
		}
		catch (MessagingException ex) {
			SendResult result = SmtpFailures.classify(ex, this.transport != null && this.transport.bodySent());
			// After a refused recipient the relay has been reset (RSET) and the
			// connection is fine; after anything else nobody knows what state it is in.
			if (!(result instanceof SendResult.Refused refused && refused.refusal() == SendResult.Refusal.ADDRESS)) {
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
			TrackingTransport opened = new TrackingTransport(this.session);
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
	 */
	static final class TrackingTransport extends SMTPTransport {

		private boolean bodySent;

		TrackingTransport(Session session) {
			super(session, new URLName("smtp", null, -1, null, null, null));
		}

		void expectData() {
			this.bodySent = false;
		}

		boolean bodySent() {
			return this.bodySent;
		}

		@Override
		protected void sendCommand(String command) throws MessagingException {
			super.sendCommand(command);
			if (".".equals(command)) {
				this.bodySent = true;
			}
		}

	}

}

package nl.tijdig.notifier.bounce;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;

import nl.tijdig.notifier.delivery.Bounces;

/**
 * Reads the bounce mailbox over IMAP every {@code poll-every}: each delivery status
 * notification's permanent failures are recorded as hard bounces (the message marked
 * bounced, the address suppressed), as the JSON intake does, and the report is deleted
 * once recorded. A delay only waits for the relay's own retries. Mail that is no report
 * is left in the mailbox, read, for a person to look at. While the database is away a
 * report stays where it is and is read again on the next poll.
 */
class BounceMailbox implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(BounceMailbox.class);

	private final Bounces bounces;

	private final BounceMailboxProperties properties;

	private ScheduledExecutorService poller;

	BounceMailbox(Bounces bounces, BounceMailboxProperties properties) {
		this.bounces = bounces;
		this.properties = properties;
	}

	@Override
	public synchronized void start() {
		this.poller = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "bounce-mailbox");
			thread.setDaemon(true);
			return thread;
		});
		long every = this.properties.pollEvery().toMillis();
		this.poller.scheduleWithFixedDelay(this::pollQuietly, 0, every, TimeUnit.MILLISECONDS);
		logger.info("Reading bounces from " + this.properties.folder() + " at " + this.properties.host() + ":"
				+ this.properties.port() + " every " + this.properties.pollEvery());
	}

	@Override
	public synchronized void stop() {
		if (this.poller != null) {
			this.poller.shutdownNow();
			this.poller = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.poller != null;
	}

	/** Reads the mailbox once. */
	int poll() throws MessagingException {
		Store store = session().getStore(this.properties.ssl() ? "imaps" : "imap");
		store.connect(this.properties.host(), this.properties.port(), this.properties.username(),
				this.properties.password());
		try {
			Folder folder = store.getFolder(this.properties.folder());
			folder.open(Folder.READ_WRITE);
			int recorded = 0;
			try {
				for (Message message : folder.getMessages()) {
					// A report is read without marking it seen (peek), so one whose
					// bounce
					// could not be recorded is read again; mail that is no report is
					// marked.
					if (!message.isSet(Flags.Flag.SEEN) && !message.isSet(Flags.Flag.DELETED)) {
						recorded += take(message);
					}
				}
			}
			finally {
				folder.close(true);
			}
			return recorded;
		}
		finally {
			store.close();
		}
	}

	private int take(Message message) throws MessagingException {
		List<DeliveryReports.Failure> failures;
		Optional<DeliveryReports.Complaint> complaint;
		String mailedTo;
		try {
			MimeMessage report = new MimeMessage((MimeMessage) message);
			failures = DeliveryReports.read(report);
			mailedTo = DeliveryReports.mailedTo(report);
			// A report is of one kind: no need to read a bounce again as a complaint.
			complaint = failures.isEmpty() ? DeliveryReports.complaint(report) : Optional.empty();
		}
		catch (IOException | MessagingException ex) {
			logger.warn("A message in the bounce mailbox cannot be read; left for a person: " + ex.getMessage());
			message.setFlag(Flags.Flag.SEEN, true);
			return 0;
		}
		if (failures.isEmpty() && complaint.isEmpty()) {
			message.setFlag(Flags.Flag.SEEN, true);
			return 0;
		}
		int recorded = 0;
		for (DeliveryReports.Failure failure : failures) {
			if (failure.permanent()) {
				String detail = "hard bounce" + ((failure.status() != null) ? " (" + failure.status() + ")" : "")
						+ " by mail";
				// The returned headers name the message; without them (a relay may return
				// none) a return path of the message's own (VERP) does.
				String messageId = (failure.messageId() != null) ? failure.messageId()
						: this.bounces.messageIdOfReturnPath(mailedTo);
				this.bounces.hardBounce(failure.recipient(), messageId, detail);
				recorded++;
			}
		}
		if (complaint.isPresent() && this.bounces.complaint(complaint.get().recipient(), complaint.get().messageId())) {
			recorded++;
		}
		message.setFlag(Flags.Flag.DELETED, true);
		return recorded;
	}

	private void pollQuietly() {
		try {
			poll();
		}
		catch (MessagingException ex) {
			logger.warn("Cannot read the bounce mailbox now; will try again: " + ex.getMessage());
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot record bounces now; the reports stay in the mailbox: " + ex.getMessage());
		}
	}

	private Session session() {
		Properties settings = new Properties();
		long timeout = Math.max(5_000, this.properties.pollEvery().toMillis());
		for (String protocol : List.of("imap", "imaps")) {
			settings.put("mail." + protocol + ".connectiontimeout", Long.toString(timeout));
			settings.put("mail." + protocol + ".timeout", Long.toString(timeout));
			settings.put("mail." + protocol + ".peek", "true");
		}
		return Session.getInstance(settings);
	}

}

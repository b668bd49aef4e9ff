package nl.tijdig.notifier.delivery;

import java.util.ArrayList;
import java.util.List;

import nl.tijdig.notifier.smtp.Relay;
import nl.tijdig.notifier.smtp.RelayConnection;
import nl.tijdig.notifier.smtp.SmtpProperties;
import nl.tijdig.notifier.throttle.SendRate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * The threads that talk SMTP: {@code tijdig.notifier.smtp.concurrency} of them, each with
 * one connection to the relay that it keeps across messages. Each takes a batch of due
 * messages from the delivery log (with a lease, skipping what other threads or instances
 * are taking), draws permits from the shared {@link SendRate} and sends them one after
 * the other over its connection. A thread sleeps until a claim wakes it or its poll
 * interval passes (retries falling due, leases expiring, other instances' claims). While
 * the {@link RelayBreaker} pauses sending, threads take nothing, but for one message that
 * tries the relay after the cool-down.
 */
@Component
class SendingThreads implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SendingThreads.class);

	private final DeliveryLog log;

	private final Sending sending;

	private final SendRate rate;

	private final SmtpProperties properties;

	private final Relay relay;

	private final RelayBreaker breaker;

	private final Object signal = new Object();

	private boolean signalled;

	private volatile boolean running;

	private final List<Thread> threads = new ArrayList<>();

	SendingThreads(DeliveryLog log, Sending sending, SendRate rate, SmtpProperties properties, Relay relay,
			RelayBreaker breaker) {
		this.log = log;
		this.sending = sending;
		this.rate = rate;
		this.properties = properties;
		this.relay = relay;
		this.breaker = breaker;
	}

	/** Says that there may be something to send now. */
	void wakeUp() {
		synchronized (this.signal) {
			this.signalled = true;
			this.signal.notifyAll();
		}
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.properties.concurrency(); i++) {
			Thread thread = new Thread(this::run, "notifier-smtp-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		wakeUp();
		for (Thread thread : this.threads) {
			try {
				// Long enough for a message on the wire to get its reply.
				thread.join(this.properties.readTimeout().plusSeconds(1).toMillis());
				if (thread.isAlive()) {
					thread.interrupt();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		try (RelayConnection connection = this.relay.connection()) {
			while (this.running) {
				try {
					if (!sendDue(connection)) {
						connection.closeIfIdle();
						awaitWork();
					}
				}
				catch (DataAccessException | TransactionException ex) {
					logger.warn("Cannot reach the delivery log, trying again shortly: " + ex.getMessage());
					awaitWork();
				}
				catch (RuntimeException ex) {
					// The messages taken stay claimed and are taken again after their
					// lease.
					logger.error("Sending failed unexpectedly", ex);
					awaitWork();
				}
			}
		}
	}

	/**
	 * @return whether there was anything due
	 */
	private boolean sendDue(RelayConnection connection) {
		this.sending.settleAbandoned();
		RelayBreaker.Permit permit = this.breaker.permit(this.properties.batchSize());
		if (permit.messages() == 0) {
			return false;
		}
		try {
			return sendDue(connection, permit);
		}
		finally {
			this.breaker.done(permit);
		}
	}

	private boolean sendDue(RelayConnection connection, RelayBreaker.Permit permit) {
		List<Delivery> due = this.log.takeDue(permit.messages(), this.properties.lease());
		if (due.isEmpty()) {
			return false;
		}
		SendingBatch batch = this.sending.batch(due);
		try {
			return sendDue(connection, permit, due, batch);
		}
		finally {
			batch.end();
		}
	}

	private boolean sendDue(RelayConnection connection, RelayBreaker.Permit permit, List<Delivery> due,
			SendingBatch batch) {
		int next = 0;
		batch: while (next < due.size()) {
			// The send rate may keep the thread waiting: nothing is left unwritten
			// meanwhile.
			batch.flush();
			int permits = this.running ? this.rate.acquire(due.size() - next) : 0;
			if (permits == 0) {
				break;
			}
			for (int sent = 0; sent < permits; sent++) {
				if (!permit.trial() && this.breaker.pause() != null) {
					// Another thread's refusal paused sending meanwhile.
					break batch;
				}
				if (!sendOne(due.get(next++), connection, batch)) {
					// The relay did not answer, or refuses for its own reasons: the rest
					// waits for the next round.
					this.log.release(due.subList(next, due.size()));
					batch.flush();
					pause();
					return true;
				}
			}
		}
		if (next < due.size()) {
			this.log.release(due.subList(next, due.size()));
		}
		return true;
	}

	/**
	 * @return whether to go on with the batch
	 */
	private boolean sendOne(Delivery delivery, RelayConnection connection, SendingBatch batch) {
		try {
			return this.sending.send(delivery, connection, batch);
		}
		catch (DataAccessException | TransactionException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// A message that cannot even be written (a broken template, say) must not
			// hold back the rest of the batch until its lease expires.
			logger.error("Cannot send " + delivery.describe() + "; will retry", ex);
			this.sending.retryLater(delivery, "could not be sent: " + ex.getClass().getSimpleName());
			return true;
		}
	}

	private void pause() {
		try {
			Thread.sleep(this.properties.pollInterval().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	private void awaitWork() {
		synchronized (this.signal) {
			if (!this.signalled && this.running) {
				try {
					this.signal.wait(this.properties.pollInterval().toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.running = false;
				}
			}
			this.signalled = false;
		}
	}

}

package nl.tijdig.notifier.delivery;

import java.time.Duration;

import nl.tijdig.notifier.smtp.SmtpProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes what the relay made of messages, in one transaction, as often as it takes: the
 * relay has answered, and what it answered must not be lost to a database that is away
 * for a moment (a message it accepted would be sent again). Gives up only when the thread
 * is stopped; the messages then stay {@code SENDING} and are reported in doubt after
 * their lease.
 */
@Component
class OutcomeWrites {

	private static final Log logger = LogFactory.getLog(OutcomeWrites.class);

	private static final Duration MAX_WRITE_BACKOFF = Duration.ofSeconds(30);

	private final SmtpProperties properties;

	private final TransactionTemplate transactions;

	OutcomeWrites(SmtpProperties properties, TransactionTemplate transactions) {
		this.properties = properties;
		this.transactions = transactions;
	}

	/**
	 * @param what the messages, for the log: no address
	 */
	void untilWritten(String what, Runnable write) {
		Duration backoff = this.properties.pollInterval();
		while (true) {
			try {
				this.transactions.executeWithoutResult((status) -> write.run());
				return;
			}
			catch (DataAccessException | TransactionException ex) {
				logger.warn("Cannot record what the relay made of " + what + ", trying again in " + backoff + ": "
						+ ex.getMessage());
			}
			try {
				Thread.sleep(backoff.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				logger.error(
						"Stopped before recording what the relay made of " + what + "; it will be reported in doubt");
				return;
			}
			backoff = backoff.multipliedBy(2);
			if (backoff.compareTo(MAX_WRITE_BACKOFF) > 0) {
				backoff = MAX_WRITE_BACKOFF;
			}
		}
	}

}

package nl.tijdig.events;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.errors.RetriableException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of the infrastructure (the database, the broker, a relay is away) from
 * everything else, by the whole cause chain: a listener's own wrapper or a
 * {@code BatchListenerFailedException} may sit on top. What the services throw when
 * PostgreSQL goes: Hikari's {@code SQLTransientConnectionException} under Spring's
 * {@link CannotCreateTransactionException} or {@code CannotGetJdbcConnectionException}; a
 * statement on a connection that was cut, a {@code PSQLException} with SQLState 08xxx or
 * 57P0x, translated to a {@link DataAccessResourceFailureException} or under a
 * {@code TransactionSystemException} on commit.
 */
final class ConsumerFailures {

	private ConsumerFailures() {
	}

	/**
	 * Whether the failure says some server the consumer needs is away, so that the same
	 * record will go through once it is back.
	 */
	static boolean isInfrastructure(Throwable failure) {
		for (Throwable cause : chain(failure)) {
			if (cause instanceof TransientDataAccessException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof RecoverableDataAccessException
					|| cause instanceof CannotCreateTransactionException || cause instanceof SQLTransientException
					|| cause instanceof SQLRecoverableException || cause instanceof ConnectException
					|| cause instanceof NoRouteToHostException || cause instanceof UnknownHostException
					|| cause instanceof SocketTimeoutException || cause instanceof RetriableException) {
				return true;
			}
			if (cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Connection exception (08), insufficient resources (53), operator intervention
	 * (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now): the server,
	 * not the statement.
	 */
	private static boolean isConnectionState(String state) {
		return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"));
	}

	/**
	 * The innermost cause, by class and message, shortened and with anything that looks
	 * like an email address masked: it goes into logs and the health endpoint.
	 */
	static String describe(Throwable failure) {
		Throwable root = failure;
		for (Throwable cause : chain(failure)) {
			root = cause;
		}
		String message = Redaction.withoutAddresses(root.getMessage());
		return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
	}

	/**
	 * The failure and its causes; where a rollback failed after the work did, the work's
	 * failure too, which Spring keeps beside the rollback's rather than under it: a
	 * statement cut off by the outage is the reason, the rollback on the dead connection
	 * only its echo.
	 */
	private static List<Throwable> chain(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
			chain.add(cause);
			if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
				chain.addAll(chain(rollback.getApplicationException()));
			}
		}
		return chain;
	}

}

package nl.tijdig.events;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerFailuresTests {

	@Test
	void aPoolThatCannotReachTheDatabaseIsInfrastructure() {
		Exception failure = new ListenerExecutionFailedException("Listener failed",
				new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
						new SQLTransientConnectionException("HikariPool-1 - Connection is not available")));

		assertThat(ConsumerFailures.isInfrastructure(failure)).isTrue();
	}

	@Test
	void aCutConnectionUnderABatchFailureIsInfrastructure() {
		ConsumerRecord<String, String> record = new ConsumerRecord<>("tijdig.reminders", 0, 7, "key", "value");
		SQLException terminated = new SQLException("FATAL: terminating connection due to administrator command",
				"57P01");
		Exception failure = new BatchListenerFailedException("failed",
				new TransactionSystemException("Could not commit JDBC transaction", terminated), record);

		assertThat(ConsumerFailures.isInfrastructure(failure)).isTrue();
		assertThat(ConsumerFailures.isInfrastructure(new DataAccessResourceFailureException("gone"))).isTrue();
	}

	@Test
	void aRollbackThatFailedAfterTheStatementWasCutOffIsInfrastructure() {
		// What TransactionTemplate throws when the rollback fails too: the rollback's
		// failure, with the statement's beside it.
		TransactionSystemException rollback = new TransactionSystemException("Could not roll back JDBC transaction",
				new SQLException("This connection has been closed."));
		rollback.initApplicationException(new DataAccessResourceFailureException("An I/O error occurred",
				new SQLException("An I/O error occurred while sending to the backend", "08006")));
		TransactionSystemException rollbackOfABug = new TransactionSystemException(
				"Could not roll back JDBC transaction", new SQLException("This connection has been closed."));
		rollbackOfABug.initApplicationException(new IllegalStateException("a bug"));

		assertThat(ConsumerFailures.isInfrastructure(new ListenerExecutionFailedException("failed", rollback)))
			.isTrue();
		assertThat(ConsumerFailures.isInfrastructure(rollbackOfABug)).isFalse();
	}

	@Test
	void aBrokenRecordOrABugIsNot() {
		assertThat(ConsumerFailures.isInfrastructure(new InvalidEventException("Missing required attribute 'id'")))
			.isFalse();
		assertThat(ConsumerFailures.isInfrastructure(new DeserializationException("unreadable", new byte[0], false,
				new IllegalArgumentException("not json"))))
			.isFalse();
		assertThat(ConsumerFailures.isInfrastructure(new DataIntegrityViolationException("duplicate key",
				new SQLException("duplicate key value violates unique constraint", "23505"))))
			.isFalse();
		assertThat(ConsumerFailures.isInfrastructure(new IllegalStateException("a bug"))).isFalse();
	}

	@Test
	void describesTheInnermostCauseWithoutAddresses() {
		Exception failure = new ListenerExecutionFailedException("Listener failed",
				new IllegalStateException("outer", new SQLException("Key (email)=(anne@example.org) exists", "23505")));

		assertThat(ConsumerFailures.describe(failure)).isEqualTo("SQLException: Key (email)=(***) exists");
		assertThat(ConsumerFailures.describe(new IllegalStateException("x".repeat(1000)))).hasSizeLessThan(340);
	}

}

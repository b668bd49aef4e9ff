package nl.tijdig.outbox;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends outbox rows to Kafka in the order they were written, then deletes them.
 * <p>
 * Several instances of a service may run; a transaction-scoped advisory lock lets only
 * one of them relay at a time, because two relays working on the same rows in parallel
 * could reorder events of one key. A send that fails rolls the batch back and is retried,
 * so an event may reach Kafka twice but is never lost; consumers are idempotent.
 */
class OutboxRelay implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OutboxRelay.class);

	private static final String TYPE_HEADER = "__TypeId__";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final KafkaOperations<Object, Object> kafka;

	private final OutboxProperties properties;

	private final Semaphore wakeUps = new Semaphore(0);

	private volatile Thread worker;

	private volatile boolean running;

	OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaOperations<Object, Object> kafka,
			OutboxProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kafka = kafka;
		this.properties = properties;
	}

	/** Called after a commit that appended rows, so they leave without waiting a poll. */
	void wakeUp() {
		if (this.wakeUps.availablePermits() == 0) {
			this.wakeUps.release();
		}
	}

	/**
	 * Relays one batch.
	 * @return how many events were sent, or -1 if another instance holds the relay lock
	 */
	int relayBatch() {
		Integer sent = this.transactions.execute((status) -> {
			boolean locked = this.jdbc
				.sql("SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox_event'))")
				.query(Boolean.class)
				.single();
			if (!locked) {
				return -1;
			}
			List<OutboxRow> rows = this.jdbc
				.sql("SELECT id, topic, record_key, event_type, payload FROM outbox_event ORDER BY id LIMIT ?")
				.param(this.properties.batchSize())
				// By position: the mapper by name looked each column up in vain under
				// several spellings per row, and most of the relay's time went there.
				.query((rs, row) -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getBytes(5)))
				.list();
			if (rows.isEmpty()) {
				return 0;
			}
			CompletableFuture<?>[] acks = rows.stream().map(this::send).toArray(CompletableFuture[]::new);
			try {
				CompletableFuture.allOf(acks).get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while relaying the outbox", ex);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Kafka did not acknowledge an outbox batch", ex);
			}
			long[] ids = rows.stream().mapToLong(OutboxRow::id).toArray();
			this.jdbc.sql("DELETE FROM outbox_event WHERE id = ANY(?)").param(ids).update();
			return rows.size();
		});
		return (sent != null) ? sent : 0;
	}

	private CompletableFuture<?> send(OutboxRow row) {
		RecordHeaders headers = new RecordHeaders();
		if (row.eventType() != null) {
			headers.add(TYPE_HEADER, Outbox.utf8(row.eventType()));
		}
		return this.kafka.send(new ProducerRecord<>(row.topic(), null, row.recordKey(), row.payload(), headers));
	}

	private void run() {
		while (this.running) {
			try {
				int sent = relayBatch();
				if (sent < this.properties.batchSize()) {
					this.wakeUps.tryAcquire(this.properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				logger.warn("Outbox relay failed; retrying after " + this.properties.pollInterval(), ex);
				pause();
			}
		}
	}

	private void pause() {
		try {
			Thread.sleep(this.properties.pollInterval().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		this.running = true;
		Thread thread = new Thread(this::run, "outbox-relay");
		thread.setDaemon(true);
		thread.start();
		this.worker = thread;
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.worker;
		if (thread != null) {
			this.wakeUp();
			try {
				thread.join(this.properties.sendTimeout().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Starts after the Kafka producer and stops before it, so the last batch can leave.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1000;
	}

	record OutboxRow(long id, String topic, String recordKey, String eventType, byte[] payload) {
	}

}

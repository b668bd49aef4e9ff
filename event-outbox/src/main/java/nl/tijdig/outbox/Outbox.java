package nl.tijdig.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import nl.tijdig.events.EventSerde;
import nl.tijdig.events.EventSerializer;
import nl.tijdig.events.TijdigEvent;

/**
 * Where a service puts the events that describe its changes. Append after the change
 * itself (after taking the entity's row lock), so that the outbox order of two events for
 * the same key is their commit order.
 */
public class Outbox {

	private final JdbcClient jdbc;

	private final EventSerializer serializer = new EventSerializer();

	private final OutboxRelay relay;

	Outbox(JdbcClient jdbc, OutboxRelay relay) {
		this.jdbc = jdbc;
		this.relay = relay;
		this.serializer.configure(EventSerde.producerConfig(), false);
		// The type goes into its own column and back into a header by the relay.
		this.serializer.setAddTypeInfo(false);
	}

	/** Appends an event keyed by {@code key}; sent to {@code topic} after commit. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void append(String topic, String key, TijdigEvent event) {
		byte[] payload = this.serializer.serialize(topic, new RecordHeaders(), event);
		insert(topic, key, event.type(), payload);
	}

	/**
	 * Appends events keyed each by its own key, in their order, in one statement: a
	 * sender that records a batch of outcomes pays one round trip, not one per event.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void appendAll(String topic, List<Keyed> events) {
		if (events.isEmpty()) {
			return;
		}
		StringBuilder sql = new StringBuilder(
				"INSERT INTO outbox_event (topic, record_key, event_type, payload) VALUES ");
		List<Object> params = new ArrayList<>(events.size() * 4);
		for (Keyed keyed : events) {
			sql.append((params.isEmpty()) ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
			params.add(topic);
			params.add(keyed.key());
			params.add(keyed.event().type());
			params.add(this.serializer.serialize(topic, new RecordHeaders(), keyed.event()));
		}
		this.jdbc.sql(sql.toString()).params(params).update();
		wakeTheRelayAfterCommit();
	}

	/**
	 * Appends a tombstone: on a compacted topic it erases everything under {@code key}.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void appendTombstone(String topic, String key) {
		insert(topic, key, null, null);
	}

	private void insert(String topic, String key, String type, byte[] payload) {
		this.jdbc.sql("INSERT INTO outbox_event (topic, record_key, event_type, payload) VALUES (?, ?, ?, ?)")
			.params(topic, key, type, payload)
			.update();
		wakeTheRelayAfterCommit();
	}

	/**
	 * Once per transaction, however many events it appends: a fan-out appends hundreds,
	 * and one wake-up sends them all.
	 */
	private void wakeTheRelayAfterCommit() {
		if (TransactionSynchronizationManager.hasResource(this)) {
			return;
		}
		TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				Outbox.this.relay.wakeUp();
			}

			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
			}
		});
	}

	/** An event and the key it goes under, for {@link #appendAll}. */
	public record Keyed(String key, TijdigEvent event) {
	}

	static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}

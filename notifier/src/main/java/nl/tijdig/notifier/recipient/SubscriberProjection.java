package nl.tijdig.notifier.recipient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.Topics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@link Recipients} in step with {@code tijdig.subscribers}. Each event carries
 * the whole resulting state, so applying one is an upsert; a redelivered or stale event
 * (a version not above the row's) changes nothing. Events without a version follow
 * Kafka's order ({@link nl.tijdig.events.Versions}); their times, from the clocks of
 * different instances, decide nothing.
 */
@Component
class SubscriberProjection {

	private static final Log logger = LogFactory.getLog(SubscriberProjection.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	SubscriberProjection(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@KafkaListener(id = "notifier-subscribers", idIsGroup = false, topics = Topics.SUBSCRIBERS)
	void on(@Payload(required = false) SubscriptionChanged change, @Header(KafkaHeaders.RECEIVED_KEY) String key,
			@Header(KafkaHeaders.RECEIVED_TIMESTAMP) long timestamp) {
		UUID subscriberId = subscriberIdOf(key);
		if (change == null) {
			erase(subscriberId, Instant.ofEpochMilli(timestamp));
			return;
		}
		if (!subscriberId.equals(InvalidEventException.required(change.subscriberId(), "subscriberId"))) {
			throw new InvalidEventException("Key does not match subscriberId");
		}
		InvalidEventException.required(change.campaignId(), "campaignId");
		InvalidEventException.required(change.email(), "email");
		InvalidEventException.required(change.language(), "language");
		InvalidEventException.required(change.status(), "status");
		InvalidEventException.required(change.time(), "time");
		apply(change);
	}

	private static UUID subscriberIdOf(String key) {
		try {
			return UUID.fromString(InvalidEventException.required(key, "key"));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEventException("Key is not a subscriber id");
		}
	}

	void apply(SubscriptionChanged change) {
		// An erased subscriber stays erased even if an older event of theirs is replayed.
		int applied = this.jdbc.sql("""
				insert into recipient (subscriber_id, campaign_id, email, language, status, last_event_time, version)
				select :subscriberId, :campaignId, :email, :language, :status, :time, :version
				where not exists (select 1 from erased_recipient where subscriber_id = :subscriberId)
				on conflict (subscriber_id) do update
				set campaign_id = excluded.campaign_id, email = excluded.email, language = excluded.language,
					status = excluded.status, last_event_time = excluded.last_event_time, version = excluded.version
				where excluded.version = 0 or recipient.version = 0 or recipient.version < excluded.version
				""")
			.param("subscriberId", change.subscriberId())
			.param("campaignId", change.campaignId())
			.param("email", change.email())
			.param("language", change.language().name())
			.param("status", change.status().name())
			.param("time", Timestamp.from(change.time()))
			.param("version", change.version())
			.update();
		if (applied == 0 && logger.isDebugEnabled()) {
			logger.debug("Ignored stale or erased subscription event " + change.id());
		}
	}

	/**
	 * A tombstone: the person asked to be forgotten. The address goes; the bare id stays
	 * so that reminders still in flight for them are suppressed rather than retried.
	 */
	void erase(UUID subscriberId, Instant time) {
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("delete from recipient where subscriber_id = :id").param("id", subscriberId).update();
			this.jdbc.sql("""
					insert into erased_recipient (subscriber_id, erased_at) values (:id, :time)
					on conflict (subscriber_id) do nothing
					""").param("id", subscriberId).param("time", Timestamp.from(time)).update();
		});
	}

}

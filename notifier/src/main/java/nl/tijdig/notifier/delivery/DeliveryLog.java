package nl.tijdig.notifier.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.ReminderRequested;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The table {@code delivery}: one row per (subscriber, message), whose primary key is
 * what makes sending at most once per message.
 */
@Repository
class DeliveryLog {

	private final JdbcClient jdbc;

	DeliveryLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the message for sending, in the caller's transaction. A message claimed
	 * before but never finished (the process died, or SMTP failed for the moment) is
	 * claimed again: that is the retry, and the only way a message can go out twice.
	 * @return whether the caller should send it; {@code false} if it was finished before
	 */
	boolean claim(ReminderRequested reminder, Instant now) {
		int inserted = this.jdbc.sql("""
				insert into delivery (subscriber_id, message_key, campaign_id, kind, wave_key, request_id, state,
					attempts, claimed_at)
				values (:subscriberId, :messageKey, :campaignId, :kind, :waveKey, :requestId, 'CLAIMED', 1, :now)
				on conflict (subscriber_id, message_key) do nothing
				""")
			.param("subscriberId", reminder.subscriberId())
			.param("messageKey", reminder.messageKey())
			.param("campaignId", reminder.campaignId())
			.param("kind", reminder.kind().name())
			.param("waveKey", reminder.waveKey())
			.param("requestId", reminder.id())
			.param("now", Timestamp.from(now))
			.update();
		if (inserted == 1) {
			return true;
		}
		return this.jdbc.sql("""
				update delivery set attempts = attempts + 1, claimed_at = :now
				where subscriber_id = :subscriberId and message_key = :messageKey and state = 'CLAIMED'
				""")
			.param("subscriberId", reminder.subscriberId())
			.param("messageKey", reminder.messageKey())
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/**
	 * Records how a claimed message ended.
	 * @return whether this call finished it; {@code false} if it was finished already
	 */
	boolean finish(UUID subscriberId, String messageKey, DeliveryState state, String detail, String messageId,
			Instant now) {
		return this.jdbc.sql("""
				update delivery set state = :state, detail = :detail, message_id = :messageId, finished_at = :now
				where subscriber_id = :subscriberId and message_key = :messageKey and state = 'CLAIMED'
				""")
			.param("state", state.name())
			.param("detail", detail)
			.param("messageId", messageId)
			.param("now", Timestamp.from(now))
			.param("subscriberId", subscriberId)
			.param("messageKey", messageKey)
			.update() == 1;
	}

}

package nl.tijdig.notifier.recipient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionStatus;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The notifier's projection of {@code tijdig.subscribers}: the only place it keeps
 * addresses. Written by {@link SubscriberProjection}, read by whoever sends.
 */
@Repository
public class Recipients {

	private final JdbcClient jdbc;

	Recipients(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * What the notifier knows about a subscriber. {@link Lookup.Unknown} is not the same
	 * as {@link Lookup.Erased}: an unknown subscriber may simply not have reached the
	 * projection yet, an erased one never comes back.
	 */
	public Lookup find(UUID subscriberId) {
		return findAll(List.of(subscriberId)).get(subscriberId);
	}

	/**
	 * {@link #find(UUID)} for many subscribers at once, in two queries at most.
	 * @return what is known of each of them
	 */
	public Map<UUID, Lookup> findAll(Collection<UUID> subscriberIds) {
		Map<UUID, Lookup> lookups = new HashMap<>();
		if (subscriberIds.isEmpty()) {
			return lookups;
		}
		this.jdbc.sql("""
				select subscriber_id, campaign_id, email, language, status, last_event_time, version
				from recipient where subscriber_id in (:ids)
				""").param("ids", subscriberIds).query((RowCallbackHandler) (rs) -> {
			Recipient recipient = read(rs);
			lookups.put(recipient.subscriberId(), new Lookup.Known(recipient));
		});
		List<UUID> missing = subscriberIds.stream().filter((id) -> !lookups.containsKey(id)).distinct().toList();
		if (!missing.isEmpty()) {
			this.jdbc.sql("select subscriber_id from erased_recipient where subscriber_id in (:ids)")
				.param("ids", missing)
				.query((RowCallbackHandler) (rs) -> lookups.put(rs.getObject(1, UUID.class), new Lookup.Erased()));
			for (UUID id : missing) {
				lookups.putIfAbsent(id, new Lookup.Unknown());
			}
		}
		return lookups;
	}

	/**
	 * A recipient from a row of a query that selects the table's {@code subscriber_id},
	 * {@code campaign_id}, {@code email}, {@code language}, {@code status},
	 * {@code last_event_time} and {@code version}: for a statement of another feature
	 * that reads the recipient as it stands with its own change, in one round trip.
	 */
	public static Recipient read(ResultSet rs) throws SQLException {
		return new Recipient(rs.getObject("subscriber_id", UUID.class), rs.getObject("campaign_id", UUID.class),
				rs.getString("email"), Language.valueOf(rs.getString("language")),
				SubscriptionStatus.valueOf(rs.getString("status")),
				rs.getObject("last_event_time", OffsetDateTime.class).toInstant(), rs.getLong("version"));
	}

	/** The outcome of {@link Recipients#find(UUID)}. */
	public sealed interface Lookup {

		/** The projection has the subscriber. */
		record Known(Recipient recipient) implements Lookup {
		}

		/** The subscriber asked to be forgotten; only the id remains. */
		record Erased() implements Lookup {
		}

		/** Never seen, perhaps not yet: the subscriber topic may lag behind. */
		record Unknown() implements Lookup {
		}

	}

}

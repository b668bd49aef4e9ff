package nl.tijdig.notifier.recipient;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionStatus;

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
		Optional<Recipient> recipient = this.jdbc.sql("""
				select subscriber_id, campaign_id, email, language, status, last_event_time, version
				from recipient where subscriber_id = :id
				""")
			.param("id", subscriberId)
			.query((rs, row) -> new Recipient(rs.getObject("subscriber_id", UUID.class),
					rs.getObject("campaign_id", UUID.class), rs.getString("email"),
					Language.valueOf(rs.getString("language")), SubscriptionStatus.valueOf(rs.getString("status")),
					rs.getObject("last_event_time", OffsetDateTime.class).toInstant(), rs.getLong("version")))
			.optional();
		if (recipient.isPresent()) {
			return new Lookup.Known(recipient.get());
		}
		boolean erased = this.jdbc.sql("select count(*) from erased_recipient where subscriber_id = :id")
			.param("id", subscriberId)
			.query(Integer.class)
			.single() > 0;
		return erased ? new Lookup.Erased() : new Lookup.Unknown();
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

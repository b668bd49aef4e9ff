package nl.tijdig.notifier.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import nl.tijdig.events.CorrectionRequested;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.campaign.Campaigns;
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
 * Where an operator's request for a correction comes in ({@code tijdig.corrections}, from
 * the console): every confirmed subscriber whose last email with the steps (welcome,
 * reminder, last reminder or an earlier correction) was written from an older text than
 * the campaign's current one gets one {@link MessageKind#CORRECTION}, claimed here like
 * any other message and sent by the sending threads. Who got which text is the delivery
 * log's {@code content_version}; messages handed over before it was kept count as older.
 * Subscribers who said they switched the setting off, unsubscribed or bounced get none.
 * <p>
 * The message key names the text version, so a request delivered twice, or asked twice
 * for the same text, claims nothing twice. A campaign whose text the notifier has not
 * seen yet is waited for (retried by the consumer's error handler); an ended campaign
 * gets no correction.
 */
@Component
class Corrections {

	private static final Log logger = LogFactory.getLog(Corrections.class);

	private final Campaigns campaigns;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final SendingThreads sending;

	private final Clock clock;

	Corrections(Campaigns campaigns, JdbcClient jdbc, TransactionTemplate transactions, SendingThreads sending,
			Clock clock) {
		this.campaigns = campaigns;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.sending = sending;
		this.clock = clock;
	}

	@KafkaListener(id = "notifier-corrections", idIsGroup = false, topics = Topics.CORRECTIONS)
	void on(@Payload(required = false) CorrectionRequested request,
			@Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String key) {
		if (request == null) {
			throw new InvalidEventException("No correction request in the record");
		}
		InvalidEventException.required(request.id(), "id");
		InvalidEventException.required(request.time(), "time");
		if (!InvalidEventException.required(request.campaignId(), "campaignId").toString().equals(key)) {
			throw new InvalidEventException("Key does not match campaignId");
		}
		Optional<Campaign> found = this.campaigns.findById(request.campaignId());
		if (found.isEmpty() || found.get().contentVersion() < request.contentVersion()) {
			throw new NotYetKnownException(
					"Campaign text " + request.contentVersion() + " not known yet for correction " + request.id());
		}
		Campaign campaign = found.get();
		Instant now = this.clock.instant();
		if (SendWindow.closedFor(campaign, MessageKind.CORRECTION, null, now) != null) {
			logger.info("Correction " + request.id() + " of campaign " + campaign.slug()
					+ ": nothing sent, the campaign has ended");
			return;
		}
		Integer claimed = this.transactions.execute((status) -> claim(request, campaign, now));
		logger.info("Correction " + request.id() + " of campaign " + campaign.slug() + " to text "
				+ campaign.contentVersion() + ": " + claimed + " subscriber(s) got an older text");
		if (claimed != null && claimed > 0) {
			this.sending.wakeUp();
		}
	}

	private int claim(CorrectionRequested request, Campaign campaign, Instant now) {
		return this.jdbc.sql("""
				insert into delivery (subscriber_id, message_key, campaign_id, kind, wave_key, request_id,
					requested_at, state, attempts, claimed_at, next_attempt_at)
				select last.subscriber_id, :messageKey, :campaignId, 'CORRECTION', null, :requestId, :requestedAt,
					'CLAIMED', 0, :now, now()
				from (select distinct on (subscriber_id) subscriber_id, state, content_version
					from delivery
					where campaign_id = :campaignId
						and kind in ('WELCOME', 'WAVE_REMINDER', 'DEADLINE_DAY', 'CORRECTION')
						and state in ('SENT', 'BOUNCED')
					order by subscriber_id, finished_at desc nulls last) last
				join recipient r on r.subscriber_id = last.subscriber_id and r.status = 'CONFIRMED'
				where last.state = 'SENT' and coalesce(last.content_version, 0) < :contentVersion
				on conflict (subscriber_id, message_key) do nothing
				""")
			.param("messageKey", messageKey(campaign.contentVersion()))
			.param("campaignId", campaign.campaignId())
			.param("requestId", request.id())
			.param("requestedAt", Timestamp.from(request.time()))
			.param("now", Timestamp.from(now))
			.param("contentVersion", campaign.contentVersion())
			.update();
	}

	/** One correction per text version and subscriber. */
	static String messageKey(int contentVersion) {
		return "correction:" + contentVersion;
	}

}

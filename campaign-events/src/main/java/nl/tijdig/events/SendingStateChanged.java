package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Sending paused or resumed, for operators to see: either a notifier instance's, because
 * its relay refused message after message for reasons of its own (relay access denied, a
 * blocklisted sending IP), or one campaign's, because its readers' complaint rate rose
 * above what the notifier accepts. Carries no address: the relay's reply has them taken
 * out.
 *
 * @param instance the notifier instance whose sending changed, the record's key;
 * {@code null} for a campaign's
 * @param state whether it pauses or sends again
 * @param since when the pause began (for {@code RESUMED}: the pause that ended)
 * @param refusals policy refusals in a row that led to it (0 for a campaign's)
 * @param relayReply the relay's last refusal, e.g. {@code 554 5.7.1 <[address]>: Relay
 * access denied}; {@code null} for a campaign's
 * @param campaignId the campaign whose sending changed, the record's key; {@code null}
 * for an instance's (and in events written before campaigns could pause)
 * @param complaints for a campaign's pause: the complaints counted when it paused
 * @param sent for a campaign's pause: the messages sent that they were counted against
 */
public record SendingStateChanged(UUID id, Instant time, int schemaVersion, String instance, State state, Instant since,
		int refusals, String relayReply, UUID campaignId, Long complaints, Long sent) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	/** An instance's pause, as written before campaigns could pause. */
	public SendingStateChanged(UUID id, Instant time, int schemaVersion, String instance, State state, Instant since,
			int refusals, String relayReply) {
		this(id, time, schemaVersion, instance, state, since, refusals, relayReply, null, null, null);
	}

	public static SendingStateChanged of(String instance, State state, Instant since, int refusals, String relayReply,
			Instant time) {
		return new SendingStateChanged(UUID.randomUUID(), time, SCHEMA_VERSION, instance, state, since, refusals,
				relayReply);
	}

	/** A campaign's sending, paused for its complaint rate or resumed by an operator. */
	public static SendingStateChanged ofCampaign(UUID campaignId, State state, Instant since, long complaints,
			long sent, Instant time) {
		return new SendingStateChanged(UUID.randomUUID(), time, SCHEMA_VERSION, null, state, since, 0, null, campaignId,
				complaints, sent);
	}

	/**
	 * The record's key: the campaign's id for a campaign's sending, else the instance.
	 */
	public String key() {
		return (this.campaignId != null) ? this.campaignId.toString() : this.instance;
	}

	/** Whether the instance sends. */
	public enum State {

		/** It sends nothing until the relay takes a trial message. */
		PAUSED,

		/** The relay took a message again: it sends as before. */
		RESUMED

	}

}

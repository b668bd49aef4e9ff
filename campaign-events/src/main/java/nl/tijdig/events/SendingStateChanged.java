package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A notifier instance paused or resumed its sending because its relay refused message
 * after message for reasons of its own (relay access denied, a blocklisted sending IP),
 * for operators to see. Carries no address: the relay's reply has them taken out.
 *
 * @param instance the notifier instance whose sending changed; the record's key
 * @param state whether it pauses or sends again
 * @param since when the pause began (for {@code RESUMED}: the pause that ended)
 * @param refusals policy refusals in a row that led to it
 * @param relayReply the relay's last refusal, e.g. {@code 554 5.7.1 <[address]>: Relay
 * access denied}
 */
public record SendingStateChanged(UUID id, Instant time, int schemaVersion, String instance, State state, Instant since,
		int refusals, String relayReply) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public static SendingStateChanged of(String instance, State state, Instant since, int refusals, String relayReply,
			Instant time) {
		return new SendingStateChanged(UUID.randomUUID(), time, SCHEMA_VERSION, instance, state, since, refusals,
				relayReply);
	}

	/** Whether the instance sends. */
	public enum State {

		/** It sends nothing until the relay takes a trial message. */
		PAUSED,

		/** The relay took a message again: it sends as before. */
		RESUMED

	}

}

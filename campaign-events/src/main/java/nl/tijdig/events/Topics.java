package nl.tijdig.events;

import java.util.List;

/**
 * The topic names. This is the only place they are spelled; the keys, cleanup policies
 * and retention of each topic are declared by {@link KafkaEventsAutoConfiguration}.
 */
public final class Topics {

	/** Keyed by campaign id, compacted: the current definition of each campaign. */
	public static final String CAMPAIGNS = "tijdig.campaigns";

	/**
	 * Keyed by subscriber id, compacted: the state after each change of a subscription.
	 * The only topic that carries an email address; erasure writes a tombstone.
	 */
	public static final String SUBSCRIBERS = "tijdig.subscribers";

	/** Keyed by subscriber id: one message to send to one subscriber. */
	public static final String REMINDERS = "tijdig.reminders";

	/** Keyed by subscriber id: the outcome of each message. */
	public static final String DELIVERIES = "tijdig.deliveries";

	/** Keyed by campaign id: progress of each wave. */
	public static final String WAVES = "tijdig.waves";

	/**
	 * Keyed by request id: an operator's request for a preview or a test send. Carries
	 * the address an operator typed for a test send, so it is kept only briefly
	 * ({@code tijdig.topics.previews-retention}).
	 */
	public static final String PREVIEWS = "tijdig.previews";

	/** Keyed by request id: the notifier's rendering of each preview. */
	public static final String PREVIEWS_RENDERED = "tijdig.previews.rendered";

	/**
	 * Keyed by notifier instance, compacted: whether each instance's sending is paused
	 * because its relay refuses for reasons of its own.
	 */
	public static final String SENDING = "tijdig.sending";

	/**
	 * Keyed by request id: an operator's request to lift the suppression of an address.
	 * Carries the address, so it is kept only briefly
	 * ({@code tijdig.topics.previews-retention}).
	 */
	public static final String SUPPRESSIONS = "tijdig.suppressions";

	/**
	 * Keyed by campaign id: an operator's request to send the current steps to everyone
	 * who got an older text of them.
	 */
	public static final String CORRECTIONS = "tijdig.corrections";

	/**
	 * Keyed by campaign id: an operator's request to send a campaign's messages again
	 * after its complaint rate paused them.
	 */
	public static final String SENDING_RESUMES = "tijdig.sending.resumes";

	/** Where a consumer puts a record it cannot process, with the reason in headers. */
	public static String deadLetterOf(String topic) {
		return topic + "-dlt";
	}

	/** Every topic an event travels on, in the order of the flow, then the console's. */
	public static List<String> all() {
		return List.of(CAMPAIGNS, SUBSCRIBERS, REMINDERS, DELIVERIES, WAVES, PREVIEWS, PREVIEWS_RENDERED, SENDING,
				SUPPRESSIONS, CORRECTIONS, SENDING_RESUMES);
	}

	private Topics() {
	}

}

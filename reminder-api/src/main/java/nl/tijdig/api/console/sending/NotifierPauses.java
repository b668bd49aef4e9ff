package nl.tijdig.api.console.sending;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

import nl.tijdig.api.console.ConsoleListeners;
import nl.tijdig.events.SendingStateChanged;
import nl.tijdig.events.Topics;

/**
 * Which notifier instances pause their sending because their relay refuses for reasons of
 * its own, from {@code tijdig.sending}, for the banner on every dashboard; and which
 * campaigns the complaint rate paused, for the banner on theirs. Every console instance
 * reads the whole compacted topic in a group of its own, from the start, so it knows the
 * last word of each notifier instance however it was started; it commits nothing.
 */
@Component
public class NotifierPauses {

	private final String groupId = "reminder-api-console-sending-" + UUID.randomUUID();

	private final Map<String, SendingStateChanged> paused = new ConcurrentHashMap<>();

	private final Map<UUID, SendingStateChanged> campaignsPaused = new ConcurrentHashMap<>();

	/** Read by the listener's {@code groupId} expression. */
	public String groupId() {
		return this.groupId;
	}

	@KafkaListener(id = "reminder-api-console-sending", topics = Topics.SENDING, groupId = "#{__listener.groupId()}",
			containerFactory = ConsoleListeners.CONTAINER_FACTORY,
			properties = { "auto.offset.reset=earliest", "enable.auto.commit=false" })
	void on(@Payload(required = false) SendingStateChanged changed,
			@Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String instance) {
		if (instance == null) {
			return;
		}
		if (changed != null && changed.campaignId() != null) {
			if (changed.state() == SendingStateChanged.State.PAUSED) {
				this.campaignsPaused.put(changed.campaignId(), changed);
			}
			else {
				this.campaignsPaused.remove(changed.campaignId());
			}
			return;
		}
		if (changed != null && changed.state() == SendingStateChanged.State.PAUSED) {
			this.paused.put(instance, changed);
		}
		else {
			this.paused.remove(instance);
		}
	}

	/**
	 * The campaigns whose sending the complaint rate pauses, by campaign id, for the
	 * banner and the resume button on their dashboards.
	 */
	public Map<UUID, SendingStateChanged> campaigns() {
		return Map.copyOf(this.campaignsPaused);
	}

	/** The instances' pauses in force, the oldest first. */
	public List<SendingStateChanged> current() {
		return this.paused.values()
			.stream()
			.sorted(Comparator.comparing(SendingStateChanged::since, Comparator.nullsLast(Comparator.naturalOrder())))
			.toList();
	}

}

package nl.tijdig.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Logical type names of the events. They are the stable identity of an event type on the
 * wire; renaming or moving a record class must never change them.
 */
public final class EventTypes {

	private static final Map<Class<? extends TijdigEvent>, String> NAMES = names();

	private EventTypes() {
	}

	private static Map<Class<? extends TijdigEvent>, String> names() {
		Map<Class<? extends TijdigEvent>, String> names = new LinkedHashMap<>();
		names.put(CampaignPublished.class, "nl.tijdig.campaign.published");
		names.put(SubscriptionChanged.class, "nl.tijdig.subscription.changed");
		names.put(ReminderRequested.class, "nl.tijdig.reminder.requested");
		names.put(DeliveryRecorded.class, "nl.tijdig.delivery.recorded");
		names.put(WaveProgressed.class, "nl.tijdig.wave.progressed");
		names.put(PreviewRequested.class, "nl.tijdig.preview.requested");
		names.put(PreviewRendered.class, "nl.tijdig.preview.rendered");
		names.put(SendingStateChanged.class, "nl.tijdig.sending.changed");
		names.put(SuppressionLiftRequested.class, "nl.tijdig.suppression.lift-requested");
		names.put(CorrectionRequested.class, "nl.tijdig.correction.requested");
		names.put(SendingResumeRequested.class, "nl.tijdig.sending.resume-requested");
		return Map.copyOf(names);
	}

	public static String nameOf(Class<?> type) {
		String name = NAMES.get(type);
		if (name == null) {
			throw new IllegalArgumentException("Not a Tijdig event: " + type.getName());
		}
		return name;
	}

	/**
	 * The mapping in the form Spring Kafka's JSON serde reads ({@code name:class,...}).
	 */
	static String serdeMappings() {
		return NAMES.entrySet()
			.stream()
			.map((entry) -> entry.getValue() + ":" + entry.getKey().getName())
			.sorted()
			.collect(Collectors.joining(","));
	}

}

package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event carries besides its payload. The type is not a field: it travels as a
 * logical name in a record header, mapped by {@link EventTypes}.
 */
public sealed interface TijdigEvent permits CampaignPublished, SubscriptionChanged, ReminderRequested, DeliveryRecorded,
		WaveProgressed, PreviewRequested, PreviewRendered, SendingStateChanged, SuppressionLiftRequested,
		CorrectionRequested, SendingResumeRequested {

	/** Unique per event; consumers use it to recognise a redelivery. */
	UUID id();

	Instant time();

	int schemaVersion();

	/** The logical type name, as written in the type header. */
	default String type() {
		return EventTypes.nameOf(getClass());
	}

}

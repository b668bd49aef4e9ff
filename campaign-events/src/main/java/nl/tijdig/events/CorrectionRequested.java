package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An operator asks for a correction after changing a campaign's steps: everyone whose
 * last email with the steps carried an older text gets the current steps once more. The
 * notifier decides who that is from its delivery log, which knows the text version each
 * email was written from; asking twice for the same version sends nothing twice.
 *
 * @param campaignId the campaign whose steps changed
 * @param contentVersion the campaign's content version the correction brings; whoever got
 * a lower one gets it
 */
public record CorrectionRequested(UUID id, Instant time, int schemaVersion, UUID campaignId,
		int contentVersion) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public static CorrectionRequested of(UUID campaignId, int contentVersion, Instant time) {
		return new CorrectionRequested(UUID.randomUUID(), time, SCHEMA_VERSION, campaignId, contentVersion);
	}

}

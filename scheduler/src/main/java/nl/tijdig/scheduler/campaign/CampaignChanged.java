package nl.tijdig.scheduler.campaign;

import java.util.UUID;

import nl.tijdig.scheduler.wave.WavePlan;

/**
 * A campaign's definition was applied: published, changed, closed or removed. Published
 * synchronously inside the transaction that stored it, so whatever a listener does
 * (Quartz's triggers live in the same database) commits or rolls back with it.
 *
 * @param plan the waves to send, {@code null} when the campaign is closed or removed
 */
public record CampaignChanged(UUID campaignId, WavePlan plan) {

	public boolean isPublished() {
		return this.plan != null;
	}

}

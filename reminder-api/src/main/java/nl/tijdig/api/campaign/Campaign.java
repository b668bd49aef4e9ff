package nl.tijdig.api.campaign;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;
import nl.tijdig.events.Versions;

/** A campaign as reminder-api knows it. */
public record Campaign(UUID id, String slug, String platform, Status status, Instant deadline, ZoneId timeZone,
		List<Wave> waves, Map<Language, Content> content, int contentVersion, Instant dataErasureAt) {

	/** Whether a person can still sign up: published and before the deadline. */
	public boolean acceptsSignUps(Instant now) {
		return this.status == Status.PUBLISHED && now.isBefore(this.deadline);
	}

	/** The deadline as the campaign's audience reads it. */
	public ZonedDateTime localDeadline() {
		return this.deadline.atZone(this.timeZone);
	}

	/** The content in the given language, or in the other one if it is missing. */
	public Content content(Language language) {
		Content content = this.content.get(language);
		return (content != null) ? content : this.content.values().iterator().next();
	}

	/**
	 * The campaign's definition as the other services read it: what goes on
	 * {@code tijdig.campaigns} and what a preview is rendered from. A draft reads as
	 * closed, since the contract knows no drafts. Without a version: a preview is no
	 * state of the campaign that anyone keeps.
	 */
	public CampaignPublished toEvent(Instant now) {
		return toEvent(now, Versions.NONE);
	}

	/**
	 * @param revision the revision of the campaign's row this definition is: its version
	 * on the topic
	 */
	CampaignPublished toEvent(Instant now, long revision) {
		CampaignPublished.Status published = (this.status == Status.PUBLISHED) ? CampaignPublished.Status.PUBLISHED
				: CampaignPublished.Status.CLOSED;
		return new CampaignPublished(UUID.randomUUID(), now, CampaignPublished.SCHEMA_VERSION, this.id, this.slug,
				published, this.platform, this.deadline, this.timeZone.getId(), this.waves, this.content,
				this.contentVersion, this.dataErasureAt, revision);
	}

	/** Where a campaign is in its life. */
	public enum Status {

		/** Being prepared; not visible and not on the topic. */
		DRAFT,

		/** Takes sign-ups until the deadline and sends reminders. */
		PUBLISHED,

		/** Over: shows how to act still, takes no sign-ups, sends nothing. */
		CLOSED

	}

}

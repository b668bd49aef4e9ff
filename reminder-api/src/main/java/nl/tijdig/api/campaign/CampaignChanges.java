package nl.tijdig.api.campaign;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an operator does to a campaign: define it, change it, publish it, close it. Each
 * change and the event that announces it are written in one transaction, through
 * {@link CampaignPublication}; a draft is never announced.
 */
@Service
public class CampaignChanges {

	private final Campaigns campaigns;

	private final CampaignPublication publication;

	private final Clock clock;

	CampaignChanges(Campaigns campaigns, CampaignPublication publication, Clock clock) {
		this.campaigns = campaigns;
		this.publication = publication;
		this.clock = clock;
	}

	/**
	 * Stores a new draft.
	 * @throws CampaignChangeException if the slug is taken
	 */
	@Transactional
	public Campaign create(Campaign draft) {
		Campaign campaign = new Campaign(draft.id(), draft.slug(), draft.platform(), Campaign.Status.DRAFT,
				draft.deadline(), draft.timeZone(), draft.waves(), draft.content(), 1, draft.dataErasureAt());
		if (this.campaigns.findById(campaign.id()).isPresent()
				|| this.campaigns.slugTaken(campaign.slug(), campaign.id())) {
			throw new CampaignChangeException("slug", "slug.taken");
		}
		this.campaigns.save(campaign, false);
		return campaign;
	}

	/**
	 * Replaces the definition of a draft or published campaign; a published one is
	 * announced again, with a new content version if its content changed.
	 * @param revision the revision the change was made on
	 * @throws CampaignChangeException if the campaign changed since that revision, is
	 * closed, or its published slug would change
	 */
	@Transactional
	public Campaign update(Campaign changed, int revision) {
		Campaign current = this.campaigns.lock(changed.id())
			.orElseThrow(() -> new CampaignNotFoundException(changed.id()));
		if (this.campaigns.revision(changed.id()).orElseThrow() != revision) {
			throw new CampaignChangeException("form", "campaign.changed-meanwhile");
		}
		if (current.status() == Campaign.Status.CLOSED) {
			throw new CampaignChangeException("form", "campaign.closed-unchangeable");
		}
		if (current.status() != Campaign.Status.DRAFT && !current.slug().equals(changed.slug())) {
			// People hold links with the slug in them.
			throw new CampaignChangeException("slug", "slug.fixed");
		}
		if (this.campaigns.slugTaken(changed.slug(), changed.id())) {
			throw new CampaignChangeException("slug", "slug.taken");
		}
		if (current.status() == Campaign.Status.PUBLISHED && !changed.deadline().isAfter(this.clock.instant())) {
			throw new CampaignChangeException("deadline", "deadline.past");
		}
		int contentVersion = (current.status() != Campaign.Status.DRAFT
				&& !Objects.equals(current.content(), changed.content())) ? current.contentVersion() + 1
						: current.contentVersion();
		Campaign campaign = new Campaign(current.id(), changed.slug(), changed.platform(), current.status(),
				changed.deadline(), changed.timeZone(), changed.waves(), changed.content(), contentVersion,
				changed.dataErasureAt());
		save(campaign);
		return campaign;
	}

	/**
	 * Opens a draft for sign-ups and puts its definition on {@code tijdig.campaigns}.
	 * Publishing a published campaign changes nothing.
	 * @throws CampaignChangeException if the deadline has passed or it is closed
	 */
	@Transactional
	public Campaign publish(UUID id) {
		Campaign current = this.campaigns.lock(id).orElseThrow(() -> new CampaignNotFoundException(id));
		if (current.status() == Campaign.Status.PUBLISHED) {
			return current;
		}
		if (current.status() == Campaign.Status.CLOSED) {
			throw new CampaignChangeException("form", "campaign.closed-unchangeable");
		}
		if (!current.deadline().isAfter(this.clock.instant())) {
			throw new CampaignChangeException("deadline", "deadline.past");
		}
		return save(withStatus(current, Campaign.Status.PUBLISHED));
	}

	/**
	 * Ends a published campaign at once: no more sign-ups, no more reminders. Closing a
	 * closed campaign changes nothing.
	 * @throws CampaignChangeException if it is still a draft
	 */
	@Transactional
	public Campaign close(UUID id) {
		Campaign current = this.campaigns.lock(id).orElseThrow(() -> new CampaignNotFoundException(id));
		if (current.status() == Campaign.Status.CLOSED) {
			return current;
		}
		if (current.status() == Campaign.Status.DRAFT) {
			throw new CampaignChangeException("form", "campaign.draft-not-closable");
		}
		return save(withStatus(current, Campaign.Status.CLOSED));
	}

	private Campaign save(Campaign campaign) {
		this.campaigns.save(campaign, this.campaigns.featured(campaign.id()));
		this.publication.publishPending();
		return campaign;
	}

	private static Campaign withStatus(Campaign campaign, Campaign.Status status) {
		return new Campaign(campaign.id(), campaign.slug(), campaign.platform(), status, campaign.deadline(),
				campaign.timeZone(), campaign.waves(), campaign.content(), campaign.contentVersion(),
				campaign.dataErasureAt());
	}

}

package nl.tijdig.notifier.campaign;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.InvalidEventException;
import nl.tijdig.events.Language;

/**
 * A campaign as the notifier needs it to write an email: its deadline and everything the
 * emails say about it, per language.
 */
public record Campaign(UUID campaignId, String slug, CampaignPublished.Status status, String platform, Instant deadline,
		ZoneId timeZone, List<Wave> waves, Map<Language, Content> content, int contentVersion, Instant dataErasureAt) {

	public Campaign {
		waves = List.copyOf(waves);
		content = Map.copyOf(content);
	}

	/**
	 * The campaign a definition describes: the one mapping from the contract, used by the
	 * projection and by anything that writes for a definition not (yet) projected.
	 * @throws InvalidEventException if the definition lacks what an email needs
	 */
	public static Campaign of(CampaignPublished published) {
		InvalidEventException.required(published.campaignId(), "campaignId");
		InvalidEventException.required(published.slug(), "slug");
		InvalidEventException.required(published.status(), "status");
		InvalidEventException.required(published.deadline(), "deadline");
		InvalidEventException.required(published.timeZone(), "timeZone");
		ZoneId timeZone;
		try {
			timeZone = ZoneId.of(published.timeZone());
		}
		catch (DateTimeException ex) {
			throw new InvalidEventException("Unknown timeZone '" + published.timeZone() + "'");
		}
		return new Campaign(published.campaignId(), published.slug(), published.status(), published.platform(),
				published.deadline(), timeZone, published.waves(), published.content(), published.contentVersion(),
				published.dataErasureAt());
	}

	/**
	 * The language to write in: the reader's own if the campaign has content in it,
	 * otherwise English, otherwise whatever the campaign has.
	 */
	public Language languageFor(Language preferred) {
		if (this.content.containsKey(preferred)) {
			return preferred;
		}
		if (this.content.containsKey(Language.EN)) {
			return Language.EN;
		}
		return this.content.keySet().stream().sorted().findFirst().orElse(preferred);
	}

	/** The position of a wave in the campaign, counted from the first; -1 if unknown. */
	public int indexOfWave(String waveKey) {
		for (int i = 0; i < this.waves.size(); i++) {
			if (this.waves.get(i).key().equals(waveKey)) {
				return i;
			}
		}
		return -1;
	}

}

package nl.tijdig.notifier.message;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.recipient.Recipient;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Writes the emails. Every word comes from a template ({@code <language>/<kind>.html},
 * {@code .txt} and {@code .subject.txt}) or from the campaign's content, never from this
 * code, so that texts can change without a release.
 */
@Component
public class Messages {

	/**
	 * Messages kept written: per campaign, kind, language, wave and day, a few campaigns'
	 * worth.
	 */
	private static final int WRITTEN_KEPT = 256;

	private final ITemplateEngine templates;

	private final SignedLinks links;

	private final Clock clock;

	/** {@code null} while templates are being edited: each message is written anew. */
	private final WrittenMessages written;

	Messages(@Qualifier(MailTemplateConfiguration.ENGINE) ITemplateEngine templates, SignedLinks links, Clock clock,
			MessageProperties properties) {
		this.templates = templates;
		this.links = links;
		this.clock = clock;
		this.written = properties.cacheTemplates() ? new WrittenMessages(WRITTEN_KEPT) : null;
	}

	/**
	 * @param waveKey the wave a reminder belongs to, {@code null} for other kinds; picks
	 * the risk the reminder dwells on
	 */
	public RenderedMessage render(MessageKind kind, String waveKey, Recipient recipient, Campaign campaign) {
		Language language = campaign.languageFor(recipient.language());
		Content content = campaign.content().get(language);
		if (content == null) {
			throw new IllegalStateException("Campaign " + campaign.campaignId() + " has no content");
		}
		MessageLinks links = this.links.forSubscriber(recipient.subscriberId());
		ZonedDateTime deadline = campaign.deadline().atZone(campaign.timeZone());
		long daysLeft = daysLeft(deadline);
		if (this.written == null) {
			return write(kind, waveKey, campaign, language, content, deadline, daysLeft, links);
		}
		Object key = new WrittenKey(campaign, kind, language, waveKey, daysLeft);
		return this.written.get(key, links,
				(standIns) -> write(kind, waveKey, campaign, language, content, deadline, daysLeft, standIns));
	}

	private RenderedMessage write(MessageKind kind, String waveKey, Campaign campaign, Language language,
			Content content, ZonedDateTime deadline, long daysLeft, MessageLinks links) {
		Context context = new Context(Locale.forLanguageTag(language.name().toLowerCase(Locale.ROOT)));
		context.setVariable("kind", kind);
		context.setVariable("platform", campaign.platform());
		context.setVariable("content", model(content));
		context.setVariable("links", model(links));
		context.setVariable("deadline", deadline);
		context.setVariable("calendar", this.links.calendar(campaign.slug(), language));
		// A deadline at midnight reads as a date ("before 3 November"); any other as
		// a time.
		context.setVariable("deadlineHasTime", !deadline.toLocalTime().equals(LocalTime.MIDNIGHT));
		context.setVariable("daysLeft", daysLeft);
		context.setVariable("confirmHours", this.links.confirmValidity().toHours());
		context.setVariable("risk", riskFor(content.risks(), campaign.indexOfWave(waveKey), waveKey));
		context.setVariable("erasureDate",
				(campaign.dataErasureAt() != null) ? campaign.dataErasureAt().atZone(campaign.timeZone()) : null);
		String template = language.name().toLowerCase(Locale.ROOT) + "/" + templateName(kind);
		return new RenderedMessage(language, oneLine(this.templates.process(template + ".subject.txt", context)),
				this.templates.process(template + ".txt", context), this.templates.process(template + ".html", context),
				links);
	}

	/**
	 * Templates see maps, not records: Thymeleaf's expression language without Spring
	 * (OGNL) does not reliably read record components.
	 */
	private static Map<String, Object> model(Content content) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("title", content.title());
		model.put("summary", content.summary());
		model.put("steps", content.steps());
		model.put("settingUrl", content.settingUrl());
		model.put("risks", content.risks());
		model.put("coverage", content.coverage());
		return model;
	}

	private static Map<String, Object> model(MessageLinks links) {
		return Map.of("confirm", links.confirm(), "unsubscribe", links.unsubscribe(), "done", links.done(), "forget",
				links.forget(), "export", links.export());
	}

	private long daysLeft(ZonedDateTime deadline) {
		LocalDate today = LocalDate.now(this.clock.withZone(deadline.getZone()));
		return Math.max(0, ChronoUnit.DAYS.between(today, deadline.toLocalDate()));
	}

	/**
	 * One risk per reminder, a different one for each wave in turn, so that the reminders
	 * do not all say the same.
	 */
	static String riskFor(List<String> risks, int waveIndex, String waveKey) {
		if (risks.isEmpty()) {
			return null;
		}
		int index = (waveIndex >= 0) ? waveIndex : Math.abs(String.valueOf(waveKey).hashCode() % risks.size());
		return risks.get(index % risks.size());
	}

	static String templateName(MessageKind kind) {
		return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static String oneLine(String subject) {
		// Header folding is the mail library's job; a stray newline in a template is not.
		return subject.strip().replaceAll("\\s+", " ");
	}

	/**
	 * All a message depends on but its reader's links. The campaign counts as the
	 * instance it is: the projection hands out the same one until the campaign changes,
	 * so a corrected text is a new key, and comparing a campaign's whole content for
	 * every message cost more than filling in the links. A campaign made anew each time
	 * (a preview) is written anew each time.
	 */
	private record WrittenKey(Campaign campaign, MessageKind kind, Language language, String waveKey, long daysLeft) {

		@Override
		public boolean equals(Object other) {
			return other instanceof WrittenKey key && this.campaign == key.campaign && this.kind == key.kind
					&& this.language == key.language && Objects.equals(this.waveKey, key.waveKey)
					&& this.daysLeft == key.daysLeft;
		}

		@Override
		public int hashCode() {
			return Objects.hash(System.identityHashCode(this.campaign), this.kind, this.language, this.waveKey,
					this.daysLeft);
		}

	}

}

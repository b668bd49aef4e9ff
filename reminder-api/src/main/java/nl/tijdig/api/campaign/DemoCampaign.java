package nl.tijdig.api.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import nl.tijdig.events.CampaignPublished.Wave;

/**
 * Creates the demo campaign at start-up, or moves its deadline if it exists, and features
 * it on the front page. Its content is borrowed from a real campaign so the emails read
 * as they would in earnest.
 */
@Component
@ConditionalOnBooleanProperty("tijdig.demo.enabled")
class DemoCampaign {

	private static final Log logger = LogFactory.getLog(DemoCampaign.class);

	private static final DateTimeFormatter RETIRED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
		.withZone(ZoneOffset.UTC);

	private final Campaigns campaigns;

	private final DemoProperties properties;

	private final Clock clock;

	DemoCampaign(Campaigns campaigns, DemoProperties properties, Clock clock) {
		this.campaigns = campaigns;
		this.properties = properties;
		this.clock = clock;
	}

	@EventListener(ApplicationStartedEvent.class)
	@Transactional
	public void createOrRenew() {
		Campaign source = this.campaigns.findBySlug(this.properties.contentFrom())
			.orElseThrow(() -> new IllegalStateException("The demo borrows the content of campaign '"
					+ this.properties.contentFrom() + "', which is missing"));
		this.campaigns.findBySlug(this.properties.slug()).ifPresent(this::retire);
		Instant deadline = this.clock.instant().plus(this.properties.deadlineIn()).truncatedTo(ChronoUnit.SECONDS);
		List<Wave> waves = this.properties.waves()
			.stream()
			.map((before) -> new Wave(key(before), before, null))
			.toList();
		Campaign demo = new Campaign(UUID.randomUUID(), this.properties.slug(), source.platform(),
				Campaign.Status.PUBLISHED, deadline, source.timeZone(), waves, source.content(),
				source.contentVersion(), deadline.plus(this.properties.keepDataFor()));
		this.campaigns.save(demo, true);
		logger.info("Demo campaign '" + demo.slug() + "' has its deadline at " + demo.localDeadline());
	}

	/**
	 * Closes the previous run's demo under a slug of its own. A new demo gets a new id:
	 * the scheduler never sends a wave of a campaign twice, so reusing the id on a
	 * database that outlives the run would leave the new demo's waves unsent.
	 */
	private void retire(Campaign previous) {
		String slug = previous.slug() + "-" + RETIRED.format(previous.deadline());
		this.campaigns.save(new Campaign(previous.id(), slug, previous.platform(), Campaign.Status.CLOSED,
				previous.deadline(), previous.timeZone(), previous.waves(), previous.content(),
				previous.contentVersion(), previous.dataErasureAt()), false);
	}

	private static String key(Duration before) {
		return (before.toSecondsPart() == 0) ? before.toMinutes() + "m" : before.toSeconds() + "s";
	}

}

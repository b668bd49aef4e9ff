package nl.tijdig.api.subscription;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import nl.tijdig.api.campaign.Campaign;

/**
 * The domain's numbers for machines, at {@code /actuator/prometheus}: sign-ups by outcome
 * and campaign, how long taking one takes, confirmations and the actions behind the links
 * in emails, erasures. They count events in this instance; Prometheus adds the instances
 * up. Tags name campaigns and outcomes only, never a person.
 */
@Component
class SubscriptionMetrics {

	private final MeterRegistry registry;

	private final Counter confirmations;

	SubscriptionMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.confirmations = Counter.builder("tijdig.confirmations")
			.description("Double opt-ins completed")
			.register(registry);
	}

	/**
	 * Times a sign-up and counts it by how it ended.
	 * @param signUp takes the sign-up and says how it ended: {@code accepted}, or
	 * {@code ignored} for a bot's
	 */
	void signUp(Campaign campaign, Supplier<String> signUp) {
		Timer.Sample sample = Timer.start(this.registry);
		String outcome = "error";
		try {
			outcome = signUp.get();
		}
		catch (TooManySignUpsException ex) {
			outcome = "limited";
			throw ex;
		}
		catch (InvalidSignUpException ex) {
			outcome = "invalid";
			throw ex;
		}
		catch (CampaignClosedException ex) {
			outcome = "closed";
			throw ex;
		}
		finally {
			sample.stop(Timer.builder("tijdig.signups")
				.description("Sign-ups taken from the form and the API, by outcome")
				.tag("campaign", campaign.slug())
				.tag("outcome", outcome)
				.register(this.registry));
		}
	}

	/** A sign-up a bot sent: counted apart, since it is answered as a success. */
	void bot(Campaign campaign, String reason) {
		Counter.builder("tijdig.signups.ignored")
			.description("Sign-ups answered as a success but not recorded: bots")
			.tag("campaign", campaign.slug())
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	void confirmed() {
		this.confirmations.increment();
	}

	/** One subscriber erased, on request or when the campaign's retention ended. */
	void erased(Erasure.Reason reason) {
		Counter.builder("tijdig.erasures")
			.description("Subscribers erased, by reason: request (the link) or retention (after the campaign)")
			.tag("reason", reason.tag())
			.register(this.registry)
			.increment();
	}

	/** One use of a link from an email: done, unsubscribe or forget. */
	void linkAction(String action) {
		Counter.builder("tijdig.link.actions")
			.description("Actions taken with the links in emails")
			.tag("action", action)
			.register(this.registry)
			.increment();
	}

	/** One subscriber unsubscribed because they marked a message as spam. */
	void complaint() {
		Counter.builder("tijdig.complaint.unsubscribes")
			.description("Subscribers unsubscribed because a mailbox provider reported their complaint")
			.register(this.registry)
			.increment();
	}

}

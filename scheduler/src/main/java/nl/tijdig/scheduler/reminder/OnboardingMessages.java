package nl.tijdig.scheduler.reminder;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.scheduler.audience.AudienceChanged;

import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The messages that follow a subscription change rather than a wave: the confirmation
 * email after a sign-up (or a request to resend it), and the welcome email that already
 * tells how to switch the setting off, after confirming; and the goodbye to whoever
 * switched the setting off, who gets no more reminders.
 */
@Component
class OnboardingMessages {

	static final String WELCOME_KEY = "welcome";

	static final String GOODBYE_KEY = "goodbye";

	private final Reminders reminders;

	private final Clock clock;

	OnboardingMessages(Reminders reminders, Clock clock) {
		this.reminders = reminders;
		this.clock = clock;
	}

	// Runs inside the audience's transaction (see AudienceChanged); first, so the welcome
	// is requested before any wave a late confirmation catches up on.
	@EventListener
	@Order(0)
	void on(AudienceChanged change) {
		messageFor(change, this.clock.instant()).ifPresent(this.reminders::request);
	}

	static Optional<ReminderRequested> messageFor(AudienceChanged change, Instant now) {
		return switch (change.change()) {
			case SIGNED_UP, CONFIRMATION_REQUESTED -> confirmation(change, now);
			// One welcome per subscriber, however often they confirm.
			case CONFIRMED -> Optional.of(request(change, MessageKind.WELCOME, WELCOME_KEY, now));
			// Switching the setting off is the campaign's success: thank them, once (the
			// same key as the goodbye at the deadline, which the notifier sends once).
			case SWITCHED_OFF -> (change.status() == SubscriptionStatus.DONE)
					? Optional.of(request(change, MessageKind.GOODBYE, GOODBYE_KEY, now)) : Optional.empty();
			case UNSUBSCRIBED -> Optional.empty();
		};
	}

	/**
	 * Keyed by the event, so a request to resend is a new message and a redelivery of the
	 * same one is not. Someone who already confirmed and signs up again has nothing to
	 * confirm.
	 */
	private static Optional<ReminderRequested> confirmation(AudienceChanged change, Instant now) {
		if (change.status() != SubscriptionStatus.PENDING) {
			return Optional.empty();
		}
		return Optional.of(request(change, MessageKind.CONFIRMATION, "confirmation:" + change.eventId(), now));
	}

	private static ReminderRequested request(AudienceChanged change, MessageKind kind, String messageKey, Instant now) {
		return ReminderRequested.of(change.subscriberId(), change.campaignId(), kind, messageKey, null, now,
				change.version());
	}

}

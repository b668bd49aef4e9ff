package nl.tijdig.scheduler.reminder;

import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged.Change;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.scheduler.audience.AudienceChanged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class OnboardingMessagesTests {

	private static final Instant NOW = Instant.parse("2025-10-01T08:00:00Z");

	@ParameterizedTest
	@EnumSource(names = { "SIGNED_UP", "CONFIRMATION_REQUESTED" })
	void pendingSubscriberIsAskedToConfirmOncePerEvent(Change change) {
		AudienceChanged changed = changed(SubscriptionStatus.PENDING, change);

		ReminderRequested reminder = OnboardingMessages.messageFor(changed, NOW).orElseThrow();

		assertThat(reminder.kind()).isEqualTo(MessageKind.CONFIRMATION);
		assertThat(reminder.messageKey()).isEqualTo("confirmation:" + changed.eventId());
		assertThat(reminder.subscriberId()).isEqualTo(changed.subscriberId());
		assertThat(reminder.campaignId()).isEqualTo(changed.campaignId());
		assertThat(reminder.waveKey()).isNull();
		assertThat(reminder.time()).isEqualTo(NOW);
	}

	@Test
	void signingUpAgainWhenAlreadyConfirmedSendsNoConfirmation() {
		assertThat(OnboardingMessages.messageFor(changed(SubscriptionStatus.CONFIRMED, Change.SIGNED_UP), NOW))
			.isEmpty();
	}

	@Test
	void confirmingSendsTheWelcome() {
		AudienceChanged changed = changed(SubscriptionStatus.CONFIRMED, Change.CONFIRMED);

		ReminderRequested reminder = OnboardingMessages.messageFor(changed, NOW).orElseThrow();

		assertThat(reminder.kind()).isEqualTo(MessageKind.WELCOME);
		assertThat(reminder.messageKey()).isEqualTo("welcome");
		assertThat(reminder.subscriberId()).isEqualTo(changed.subscriberId());
	}

	@ParameterizedTest
	@EnumSource(names = { "SWITCHED_OFF", "UNSUBSCRIBED" })
	void unsubscribingSendsNothingMore(Change change) {
		assertThat(OnboardingMessages.messageFor(changed(SubscriptionStatus.UNSUBSCRIBED, change), NOW)).isEmpty();
	}

	@Test
	void switchingTheSettingOffSendsTheGoodbyeUnderTheDeadlinesKey() {
		AudienceChanged changed = changed(SubscriptionStatus.DONE, Change.SWITCHED_OFF);

		ReminderRequested reminder = OnboardingMessages.messageFor(changed, NOW).orElseThrow();

		assertThat(reminder.kind()).isEqualTo(MessageKind.GOODBYE);
		// The key the deadline's goodbye uses too: the notifier sends it once.
		assertThat(reminder.messageKey()).isEqualTo("goodbye");
		assertThat(reminder.waveKey()).isNull();
		// Decided on the subscription as of this change: the notifier waits for it.
		assertThat(reminder.subscriptionVersion()).isEqualTo(4);
	}

	private static AudienceChanged changed(SubscriptionStatus status, Change change) {
		return new AudienceChanged(UUID.randomUUID(), NOW.minusSeconds(5), UUID.randomUUID(), UUID.randomUUID(), status,
				change, null, null, 4);
	}

}

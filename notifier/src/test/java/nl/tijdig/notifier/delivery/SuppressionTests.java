package nl.tijdig.notifier.delivery;

import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.notifier.recipient.Recipient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class SuppressionTests {

	@ParameterizedTest
	@EnumSource(MessageKind.class)
	void anUnsubscribedRecipientGetsNothing(MessageKind kind) {
		assertThat(Suppression.reasonFor(recipient(SubscriptionStatus.UNSUBSCRIBED), kind)).isEqualTo("unsubscribed");
	}

	@Test
	void aRecipientWhoIsDoneGetsOnlyTheGoodbye() {
		Recipient done = recipient(SubscriptionStatus.DONE);

		assertThat(Suppression.reasonFor(done, MessageKind.WAVE_REMINDER)).isEqualTo("done");
		assertThat(Suppression.reasonFor(done, MessageKind.DEADLINE_DAY)).isEqualTo("done");
		assertThat(Suppression.reasonFor(done, MessageKind.GOODBYE)).isNull();
	}

	@Test
	void aPendingRecipientGetsOnlyTheConfirmation() {
		Recipient pending = recipient(SubscriptionStatus.PENDING);

		assertThat(Suppression.reasonFor(pending, MessageKind.CONFIRMATION)).isNull();
		assertThat(Suppression.reasonFor(pending, MessageKind.WAVE_REMINDER)).isEqualTo("not confirmed");
	}

	@Test
	void aConfirmedRecipientGetsEverythingButAnotherConfirmation() {
		Recipient confirmed = recipient(SubscriptionStatus.CONFIRMED);

		assertThat(Suppression.reasonFor(confirmed, MessageKind.WELCOME)).isNull();
		assertThat(Suppression.reasonFor(confirmed, MessageKind.WAVE_REMINDER)).isNull();
		assertThat(Suppression.reasonFor(confirmed, MessageKind.CONFIRMATION)).isEqualTo("already confirmed");
	}

	private static Recipient recipient(SubscriptionStatus status) {
		return new Recipient(UUID.randomUUID(), UUID.randomUUID(), "someone@example.test", Language.EN, status,
				Instant.now());
	}

}

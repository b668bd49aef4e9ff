package nl.tijdig.notifier.smtp;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTests {

	private final UUID subscriber = UUID.fromString("0b6c9d1e-3f4a-4b5c-8d6e-7f8091a2b3c4");

	@Test
	void theSameMessageAlwaysGetsTheSameId() {
		assertThat(MessageIds.of(this.subscriber, "wave:14d", "tijdig.example"))
			.isEqualTo(MessageIds.of(UUID.fromString(this.subscriber.toString()), "wave:14d", "tijdig.example"));
	}

	@Test
	void anotherMessageOrSubscriberGetsAnotherId() {
		String id = MessageIds.of(this.subscriber, "wave:14d", "tijdig.example");

		assertThat(MessageIds.of(this.subscriber, "wave:7d", "tijdig.example")).isNotEqualTo(id);
		assertThat(MessageIds.of(UUID.randomUUID(), "wave:14d", "tijdig.example")).isNotEqualTo(id);
	}

	@Test
	void aReturnPathOfItsOwnNamesTheMessageAndNothingElseDoes() {
		String id = MessageIds.of(this.subscriber, "wave:14d", "tijdig.example");
		String returnPath = MessageIds.returnPath(id, "bounces@tijdig.example");

		assertThat(returnPath).matches("bounces\\+[0-9a-f]{32}@tijdig\\.example");
		assertThat(MessageIds.ofReturnPath(returnPath, "tijdig.example")).isEqualTo(id);
		// Tried: the plain bounce address, a tag that is no token, nothing at all.
		assertThat(MessageIds.ofReturnPath("bounces@tijdig.example", "tijdig.example")).isNull();
		assertThat(MessageIds.ofReturnPath("bounces+hello@tijdig.example", "tijdig.example")).isNull();
		assertThat(MessageIds.ofReturnPath("not an address", "tijdig.example")).isNull();
		assertThat(MessageIds.ofReturnPath(null, "tijdig.example")).isNull();
	}

	@Test
	void theIdIsAValidMessageIdOnTheSendingDomainThatHidesItsParts() {
		String id = MessageIds.of(this.subscriber, "confirmation:1 <odd>", "mail.tijdig.example");

		assertThat(id).matches("<[0-9a-f]{32}@mail\\.tijdig\\.example>")
			.doesNotContain(this.subscriber.toString(), "confirmation");
	}

}

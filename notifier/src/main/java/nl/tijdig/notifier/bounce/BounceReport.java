package nl.tijdig.notifier.bounce;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One bounce, as a provider's webhook or a mailbox poller reports it.
 *
 * @param recipient the address that bounced
 * @param messageId the {@code Message-ID} of the message that bounced, with its angle
 * brackets
 * @param type {@code hard} (the address is dead) or {@code soft} (it may come back)
 * @param status the enhanced status code (RFC 3463), e.g. {@code 5.1.1}
 */
record BounceReport(@Email @Size(max = 320) String recipient,
		@Size(max = 998) @Pattern(regexp = "<[^<>\\s]+@[^<>\\s]+>") String messageId,
		@NotNull @Pattern(regexp = "hard|soft") String type,
		@Pattern(regexp = "[245]\\.\\d{1,3}\\.\\d{1,3}") String status) {

	@AssertTrue(message = "names neither a recipient nor a messageId")
	boolean isAboutSomething() {
		return (this.recipient != null && !this.recipient.isBlank()) || this.messageId != null;
	}

	boolean hard() {
		return "hard".equals(this.type);
	}

}

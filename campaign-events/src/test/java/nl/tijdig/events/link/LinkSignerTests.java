package nl.tijdig.events.link;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LinkSignerTests {

	private static final byte[] OLD_KEY = "an-old-key-of-thirty-two-bytes-!".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NEW_KEY = "a-new-key-of-thirty-two-bytes-!!".getBytes(StandardCharsets.US_ASCII);

	private static final Instant NOW = Instant.parse("2025-10-01T10:00:00Z");

	private static final UUID SUBSCRIBER = UUID.fromString("0d7e0a4e-3b1f-4a52-8f57-1a2b3c4d5e6f");

	private final LinkSigner signer = new LinkSigner(Map.of("2025-09", OLD_KEY, "2025-10", NEW_KEY), "2025-10");

	@Test
	void verifiesWhatItSigned() {
		Instant expiry = NOW.plus(Duration.ofHours(48));
		String token = this.signer.sign(LinkPurpose.CONFIRM, SUBSCRIBER, expiry);

		assertThat(this.signer.verify(token, LinkPurpose.CONFIRM, NOW))
			.isEqualTo(new LinkToken(LinkPurpose.CONFIRM, SUBSCRIBER, expiry));
		assertThat(token).hasSizeLessThan(100).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
	}

	@Test
	void refusesATokenForAnotherPurpose() {
		String token = this.signer.sign(LinkPurpose.UNSUBSCRIBE, SUBSCRIBER, NOW.plusSeconds(60));

		assertThatExceptionOfType(InvalidLinkException.class)
			.isThrownBy(() -> this.signer.verify(token, LinkPurpose.FORGET, NOW))
			.withMessageContaining("another action");
	}

	@Test
	void refusesAnExpiredToken() {
		String token = this.signer.sign(LinkPurpose.CONFIRM, SUBSCRIBER, NOW);

		assertThatExceptionOfType(InvalidLinkException.class)
			.isThrownBy(() -> this.signer.verify(token, LinkPurpose.CONFIRM, NOW))
			.withMessageContaining("expired");
	}

	@Test
	void keepsVerifyingTokensOfARetiredKeyWhileItIsOnTheRing() {
		LinkSigner before = new LinkSigner(Map.of("2025-09", OLD_KEY), "2025-09");
		String token = before.sign(LinkPurpose.DONE, SUBSCRIBER, NOW.plusSeconds(60));

		assertThat(this.signer.verify(token, LinkPurpose.DONE, NOW).subscriberId()).isEqualTo(SUBSCRIBER);
		LinkSigner withoutOldKey = new LinkSigner(Map.of("2025-10", NEW_KEY), "2025-10");
		assertThatExceptionOfType(InvalidLinkException.class)
			.isThrownBy(() -> withoutOldKey.verify(token, LinkPurpose.DONE, NOW))
			.withMessageContaining("unknown key");
	}

	@Test
	void refusesATokenWhosePayloadWasChanged() {
		String token = this.signer.sign(LinkPurpose.CONFIRM, SUBSCRIBER, NOW.plusSeconds(60));
		String[] parts = token.split("\\.");
		byte[] payload = Base64.getUrlDecoder().decode(parts[0]);
		payload[payload.length - 1] ^= 0x7f;
		String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "." + parts[1];

		assertThatExceptionOfType(InvalidLinkException.class)
			.isThrownBy(() -> this.signer.verify(forged, LinkPurpose.CONFIRM, NOW))
			.withMessageContaining("bad signature");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ".", "abc", "a.b.c", "!!!.###", "AQ.AA", "AQEA.AAAA", "%0d%0a.x" })
	void refusesGarbageWithAClearReason(String garbage) {
		assertThatExceptionOfType(InvalidLinkException.class)
			.isThrownBy(() -> this.signer.verify(garbage, LinkPurpose.CONFIRM, NOW))
			.withMessageStartingWith("Invalid link: ");
	}

	@Test
	void refusesAnotherSpellingOfTheSameBytes() {
		String token = this.signer.sign(LinkPurpose.CONFIRM, SUBSCRIBER, NOW.plusSeconds(60));
		// A 32-byte MAC is 43 characters, whose last two bits are unused: each of the
		// characters that differ from the last only there decodes to the same MAC.
		char last = token.charAt(token.length() - 1);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		int index = alphabet.indexOf(last);
		for (int bits = 1; bits < 4; bits++) {
			String respelled = token.substring(0, token.length() - 1) + alphabet.charAt(index ^ bits);
			assertThatExceptionOfType(InvalidLinkException.class).as(respelled)
				.isThrownBy(() -> this.signer.verify(respelled, LinkPurpose.CONFIRM, NOW))
				.withMessageContaining("malformed");
		}
	}

	@Test
	void refusesAnOverlongToken() {
		assertThatExceptionOfType(InvalidLinkException.class)
			.isThrownBy(() -> this.signer.verify("A".repeat(10_000), LinkPurpose.CONFIRM, NOW));
	}

	@Test
	void refusesShortKeys() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LinkSigner(Map.of("k", "short".getBytes(StandardCharsets.US_ASCII)), "k"));
	}

}

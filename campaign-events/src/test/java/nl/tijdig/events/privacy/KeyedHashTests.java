package nl.tijdig.events.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeyedHashTests {

	private static final byte[] KEY = "a key of thirty-two bytes or more".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] OTHER_KEY = "another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII);

	@Test
	void isTheHmacSha256OfTheValueUnderTheKeyAndNotItsBareSha256() throws Exception {
		String hash = new KeyedHash(KEY).of("anna@example.org");

		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
		assertThat(hash)
			.isEqualTo(HexFormat.of().formatHex(mac.doFinal("anna@example.org".getBytes(StandardCharsets.UTF_8))));
		assertThat(hash).isNotEqualTo(HexFormat.of()
			.formatHex(
					MessageDigest.getInstance("SHA-256").digest("anna@example.org".getBytes(StandardCharsets.UTF_8))));
	}

	@Test
	void twoKeysGiveTwoHashes() {
		assertThat(new KeyedHash(KEY).of("anna@example.org"))
			.isNotEqualTo(new KeyedHash(OTHER_KEY).of("anna@example.org"));
	}

	/** Tried: the case of the local part and of the domain, and spaces around it. */
	@Test
	void hashesEverySpellingOfOneMailboxAlike() {
		KeyedHash hash = new KeyedHash(KEY);

		assertThat(hash.ofAddress(" Anna@Example.ORG ")).isEqualTo(hash.ofAddress("anna@example.org"))
			.isEqualTo(hash.of("anna@example.org"));
		assertThat(hash.ofAddress("anna@example.org")).isNotEqualTo(hash.ofAddress("anne@example.org"));
	}

	@Test
	void refusesAKeyShorterThan256Bits() {
		assertThatIllegalArgumentException().isThrownBy(() -> new KeyedHash(new byte[31]));
	}

	@Test
	void keepsItsOwnCopyOfTheKey() {
		byte[] key = KEY.clone();
		KeyedHash hash = new KeyedHash(key);
		String before = hash.of("anna@example.org");

		key[0] ^= 1;

		assertThat(hash.of("anna@example.org")).isEqualTo(before);
	}

}

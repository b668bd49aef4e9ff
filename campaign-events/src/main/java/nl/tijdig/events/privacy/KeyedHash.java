package nl.tijdig.events.privacy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * HMAC-SHA256 under the service's {@code tijdig.privacy.hash-key}, as lower-case hex: a
 * value kept only to be recognised again, that tells nobody without the key what it was.
 */
public final class KeyedHash {

	private final HmacSha256 mac;

	/**
	 * @param key the secret, at least 256 bits
	 */
	public KeyedHash(byte[] key) {
		if (key.length < 32) {
			throw new IllegalArgumentException("The hash key is shorter than 256 bits");
		}
		this.mac = new HmacSha256(key);
	}

	/** The hash of {@code value} as it is. */
	public String of(String value) {
		return HexFormat.of().formatHex(this.mac.of(value.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * The hash of an email address, the same for every spelling of one mailbox: trimmed
	 * and lower-cased, as {@code Anna@example.org} and {@code anna@example.org} are one.
	 */
	public String ofAddress(String address) {
		return of(address.strip().toLowerCase(Locale.ROOT));
	}

}

package nl.tijdig.events.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under the service's {@code tijdig.privacy.hash-key}, as lower-case hex: a
 * value kept only to be recognised again, that tells nobody without the key what it was.
 */
public final class KeyedHash {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	/**
	 * @param key the secret, at least 256 bits
	 */
	public KeyedHash(byte[] key) {
		if (key.length < 32) {
			throw new IllegalArgumentException("The hash key is shorter than 256 bits");
		}
		this.key = new SecretKeySpec(key.clone(), ALGORITHM);
	}

	/** The hash of {@code value} as it is. */
	public String of(String value) {
		try {
			// A Mac is not thread-safe; making one costs less than a lookup in the table.
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/**
	 * The hash of an email address, the same for every spelling of one mailbox: trimmed
	 * and lower-cased, as {@code Anna@example.org} and {@code anna@example.org} are one.
	 */
	public String ofAddress(String address) {
		return of(address.strip().toLowerCase(Locale.ROOT));
	}

}

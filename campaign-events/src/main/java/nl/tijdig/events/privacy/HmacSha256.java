package nl.tijdig.events.privacy;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, with a {@link Mac} per thread that asks for it. A Mac is not
 * thread-safe, and making one (a provider lookup and the key's set-up) costs more than
 * the hash of a short value: the sending threads hash an address and sign links for every
 * message.
 */
public final class HmacSha256 {

	private static final String ALGORITHM = "HmacSHA256";

	private final ThreadLocal<Mac> macs;

	/**
	 * @param key the secret; the caller says how long it must be
	 */
	public HmacSha256(byte[] key) {
		SecretKeySpec spec = new SecretKeySpec(key.clone(), ALGORITHM);
		this.macs = ThreadLocal.withInitial(() -> create(spec));
		// Fails here, at start-up, rather than at the first message.
		this.macs.get();
	}

	/** The MAC of {@code data}; the thread's Mac is reset by it, ready for the next. */
	public byte[] of(byte[] data) {
		return this.macs.get().doFinal(data);
	}

	private static Mac create(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}

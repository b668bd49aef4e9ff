package nl.tijdig.events.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import nl.tijdig.events.privacy.HmacSha256;

/**
 * Signs and verifies link tokens with HMAC-SHA256.
 * <p>
 * A token is {@code base64url(payload) "." base64url(mac)}; the payload is binary
 * (version, key id, purpose, subscriber id, expiry in epoch seconds) to keep links short
 * enough for every mail client.
 */
public final class LinkSigner {

	private static final byte VERSION = 1;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private static final int MAX_TOKEN_LENGTH = 256;

	private final Map<String, HmacSha256> keys;

	private final String signingKeyId;

	/**
	 * @param keys secrets by key id; every key here verifies
	 * @param signingKeyId the key that signs new tokens
	 */
	public LinkSigner(Map<String, byte[]> keys, String signingKeyId) {
		if (!keys.containsKey(signingKeyId)) {
			throw new IllegalArgumentException("No key with id '" + signingKeyId + "'");
		}
		keys.forEach((id, secret) -> {
			if (id.isEmpty() || id.length() > 32 || !id.chars().allMatch((c) -> c >= 0x21 && c < 0x7f)) {
				throw new IllegalArgumentException("A key id has 1 to 32 printable ASCII characters");
			}
			if (secret.length < 32) {
				throw new IllegalArgumentException("Key '" + id + "' is shorter than 256 bits");
			}
		});
		Map<String, HmacSha256> macs = new HashMap<>();
		keys.forEach((id, secret) -> macs.put(id, new HmacSha256(secret)));
		this.keys = Map.copyOf(macs);
		this.signingKeyId = signingKeyId;
	}

	public String sign(LinkPurpose purpose, UUID subscriberId, Instant expiresAt) {
		byte[] keyId = this.signingKeyId.getBytes(StandardCharsets.US_ASCII);
		ByteBuffer payload = ByteBuffer.allocate(1 + 1 + keyId.length + 1 + 16 + 8);
		payload.put(VERSION)
			.put((byte) keyId.length)
			.put(keyId)
			.put((byte) purpose.code())
			.putLong(subscriberId.getMostSignificantBits())
			.putLong(subscriberId.getLeastSignificantBits())
			.putLong(expiresAt.getEpochSecond());
		byte[] bytes = payload.array();
		return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(this.signingKeyId, bytes));
	}

	/**
	 * Checks signature, purpose and expiry.
	 * @throws InvalidLinkException if any of them fails
	 */
	public LinkToken verify(String token, LinkPurpose expected, Instant now) {
		if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			throw new InvalidLinkException("malformed");
		}
		int dot = token.indexOf('.');
		if (dot < 0 || dot != token.lastIndexOf('.')) {
			throw new InvalidLinkException("malformed");
		}
		byte[] payload;
		byte[] signature;
		try {
			payload = DECODER.decode(token.substring(0, dot));
			signature = DECODER.decode(token.substring(dot + 1));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidLinkException("malformed");
		}
		// The decoder ignores the unused bits of the last character, so several spellings
		// decode to the same bytes; only the one this signer writes is a link.
		if (!ENCODER.encodeToString(payload).equals(token.substring(0, dot))
				|| !ENCODER.encodeToString(signature).equals(token.substring(dot + 1))) {
			throw new InvalidLinkException("malformed");
		}
		ByteBuffer buffer = ByteBuffer.wrap(payload);
		try {
			if (buffer.get() != VERSION) {
				throw new InvalidLinkException("unknown version");
			}
			byte[] keyId = new byte[buffer.get()];
			buffer.get(keyId);
			String kid = new String(keyId, StandardCharsets.US_ASCII);
			if (!this.keys.containsKey(kid)) {
				throw new InvalidLinkException("unknown key");
			}
			if (!MessageDigest.isEqual(mac(kid, payload), signature)) {
				throw new InvalidLinkException("bad signature");
			}
			LinkPurpose purpose = LinkPurpose.ofCode((char) buffer.get());
			UUID subscriberId = new UUID(buffer.getLong(), buffer.getLong());
			Instant expiresAt = Instant.ofEpochSecond(buffer.getLong());
			if (buffer.hasRemaining()) {
				throw new InvalidLinkException("malformed");
			}
			if (purpose != expected) {
				throw new InvalidLinkException("meant for another action");
			}
			if (!now.isBefore(expiresAt)) {
				throw new InvalidLinkException("expired");
			}
			return new LinkToken(purpose, subscriberId, expiresAt);
		}
		catch (RuntimeException ex) {
			if (ex instanceof InvalidLinkException invalid) {
				throw invalid;
			}
			// A short or truncated payload ends in a buffer underflow or a negative
			// length.
			throw new InvalidLinkException("malformed");
		}
	}

	private byte[] mac(String keyId, byte[] payload) {
		return this.keys.get(keyId).of(payload);
	}

}

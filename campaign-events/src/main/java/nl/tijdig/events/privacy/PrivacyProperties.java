package nl.tijdig.events.privacy;

import java.util.Base64;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param hashKey base64-encoded secret (at least 32 bytes) under which addresses are
 * hashed; each service may have its own, as no hash is compared across services
 */
@ConfigurationProperties("tijdig.privacy")
public record PrivacyProperties(String hashKey) {

	/**
	 * Only for a machine of one's own: the local stack and tests. Public, so a hash made
	 * with it names its address to anyone who guesses the address;
	 * {@link PrivacyAutoConfiguration} refuses it outside the {@code local} profile.
	 */
	static final String LOCAL_KEY = "dGlqZGlnLWxvY2FsLW9ubHktbm90LWEtc2VjcmV0LWhhc2gta2V5LTAwMDE=";

	public PrivacyProperties {
		hashKey = (hashKey == null || hashKey.isBlank()) ? LOCAL_KEY : hashKey.strip();
	}

	byte[] decodedKey() {
		try {
			return Base64.getDecoder().decode(this.hashKey);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("tijdig.privacy.hash-key is not base64", ex);
		}
	}

	boolean usesLocalKey() {
		return LOCAL_KEY.equals(this.hashKey);
	}

}

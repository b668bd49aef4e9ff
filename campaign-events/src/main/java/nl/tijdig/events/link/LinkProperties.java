package nl.tijdig.events.link;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The key ring both services share, and how long links stay valid.
 *
 * @param keys base64-encoded secrets (at least 32 bytes) by key id; keep a retired key
 * here until the links it signed have expired
 * @param signingKey the id of the key that signs new links
 * @param baseUrl the public address of reminder-api, where links point
 * @param confirmValidity how long a confirmation link works
 * @param actionValidity how long unsubscribe, done and forget links work
 */
@ConfigurationProperties("tijdig.links")
public record LinkProperties(Map<String, String> keys, @DefaultValue("local") String signingKey,
		@DefaultValue("http://localhost:8080") String baseUrl, @DefaultValue("48h") Duration confirmValidity,
		@DefaultValue("180d") Duration actionValidity) {

	/**
	 * Only for a machine of one's own: the local stack and tests. A deployment sets its
	 * own key; {@link LinkSigningAutoConfiguration} refuses this one outside the
	 * {@code local} profile.
	 */
	static final String LOCAL_KEY = "dGlqZGlnLWxvY2FsLW9ubHktbm90LWEtc2VjcmV0LWtleS0wMDAx";

	public LinkProperties {
		keys = (keys == null || keys.isEmpty()) ? Map.of("local", LOCAL_KEY) : Map.copyOf(keys);
	}

	Map<String, byte[]> decodedKeys() {
		Map<String, byte[]> decoded = new LinkedHashMap<>();
		this.keys.forEach((id, secret) -> decoded.put(id, Base64.getDecoder().decode(secret)));
		return decoded;
	}

	boolean usesLocalKey() {
		return LOCAL_KEY.equals(this.keys.get(this.signingKey));
	}

}

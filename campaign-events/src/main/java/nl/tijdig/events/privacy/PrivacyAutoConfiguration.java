package nl.tijdig.events.privacy;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

import nl.tijdig.events.settings.LocalProfile;
import nl.tijdig.events.settings.MissingSettingException;

/**
 * The one {@link KeyedHash} of a service, from {@code tijdig.privacy.hash-key}. The
 * built-in key is public, and a hash under a public key is as good as the address to
 * anyone who can guess it: outside the {@code local} profile a service that hashes
 * addresses does not start on it.
 */
@AutoConfiguration
@EnableConfigurationProperties(PrivacyProperties.class)
public class PrivacyAutoConfiguration {

	private static final Log logger = LogFactory.getLog(PrivacyAutoConfiguration.class);

	/** Lazy, so a service that hashes no address (the scheduler) needs no key. */
	@Bean
	@Lazy
	KeyedHash keyedHash(PrivacyProperties properties, Environment environment) {
		if (properties.usesLocalKey()) {
			if (!LocalProfile.isActive(environment)) {
				throw new MissingSettingException("tijdig.privacy.hash-key",
						"Addresses in rate-limit keys and the suppression list would be hashed with the built-in key,"
								+ " which is public: anyone who reads those tables could confirm a guessed address.",
						"`openssl rand -base64 32` (32 random bytes, base64); keep it for good, as the suppression"
								+ " list is found again only under the same key");
			}
			logger.warn("Addresses are hashed with the built-in local key (profile 'local'); this service must not"
					+ " hold real addresses");
		}
		return new KeyedHash(properties.decodedKey());
	}

}

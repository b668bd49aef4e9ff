package nl.tijdig.events.link;

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
 * The one {@link LinkSigner} of a service, from {@code tijdig.links.*}. The built-in key
 * is public, so whoever knows a subscriber id could make their links with it: outside the
 * {@code local} profile a service that signs or verifies links does not start on it.
 */
@AutoConfiguration
@EnableConfigurationProperties(LinkProperties.class)
public class LinkSigningAutoConfiguration {

	private static final Log logger = LogFactory.getLog(LinkSigningAutoConfiguration.class);

	/**
	 * Lazy, so a service that signs and verifies no links (the scheduler) neither builds
	 * it nor needs a key.
	 */
	@Bean
	@Lazy
	LinkSigner linkSigner(LinkProperties properties, Environment environment) {
		if (properties.usesLocalKey()) {
			if (!LocalProfile.isActive(environment)) {
				throw new MissingSettingException("tijdig.links.keys.<id> and tijdig.links.signing-key",
						"Links in emails would be signed with the built-in key, which is public: anyone who knows"
								+ " a subscriber id could confirm, unsubscribe or erase them.",
						"`openssl rand -base64 32` for each key (32 random bytes, base64), its id in lower case,"
								+ " the same key ring for reminder-api and the notifier");
			}
			logger.warn("Links are signed with the built-in local key (profile 'local'); this service must not be"
					+ " reachable from outside this machine");
		}
		return new LinkSigner(properties.decodedKeys(), properties.signingKey());
	}

}

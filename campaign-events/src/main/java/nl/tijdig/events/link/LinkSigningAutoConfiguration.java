package nl.tijdig.events.link;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/** The one {@link LinkSigner} of a service, from {@code tijdig.links.*}. */
@AutoConfiguration
@EnableConfigurationProperties(LinkProperties.class)
public class LinkSigningAutoConfiguration {

	private static final Log logger = LogFactory.getLog(LinkSigningAutoConfiguration.class);

	/**
	 * Lazy, so a service that signs and verifies no links neither builds it nor warns.
	 */
	@Bean
	@Lazy
	LinkSigner linkSigner(LinkProperties properties) {
		if (properties.usesLocalKey()) {
			logger.warn("Links are signed with the built-in local key; set tijdig.links.keys "
					+ "and tijdig.links.signing-key before exposing this service");
		}
		return new LinkSigner(properties.decodedKeys(), properties.signingKey());
	}

}

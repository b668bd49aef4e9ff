package nl.tijdig.api.subscription;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param consentVersion the version of the consent text on the form, recorded with every
 * sign-up; change it whenever the text in the message bundles changes
 */
@ConfigurationProperties("tijdig.signup")
record SignUpProperties(@DefaultValue("2025-09-1") String consentVersion) {
}

package nl.tijdig.api.subscription;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param consentVersion the version of the consent text on the form, recorded with every
 * sign-up; change it whenever the text in the message bundles changes
 * @param recordClientNetwork whether the consent record keeps the network a sign-up came
 * from (an IPv4 /24 or IPv6 /48, never the full address); off unless the organisation
 * needs it as evidence
 * @param answerTime the least time an accepted sign-up takes to answer, so that a new and
 * a known address cannot be told apart by timing
 */
@Validated
@ConfigurationProperties("tijdig.signup")
record SignUpProperties(@DefaultValue("2025-09-1") @NotBlank String consentVersion,
		@DefaultValue("false") boolean recordClientNetwork, @DefaultValue("50ms") @NotNull Duration answerTime) {
}

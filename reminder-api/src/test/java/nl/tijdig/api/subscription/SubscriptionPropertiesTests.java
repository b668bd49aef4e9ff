package nl.tijdig.api.subscription;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(SubscriptionSettings.class);

	@Test
	void startsOnTheDefaults() {
		this.contexts.run((context) -> assertThat(context).hasNotFailed()
			.getBean(ErasureProperties.class)
			.extracting(ErasureProperties::batchSize)
			.isEqualTo(500));
	}

	@Test
	void anErasureThatWouldEraseNobodyStopsTheStartNamingTheSettingAndTheValue() {
		this.contexts.withPropertyValues("tijdig.erasure.batch-size=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("tijdig.erasure")
				.hasMessageContaining("'batchSize'")
				.hasMessageContaining("rejected value [0]");
		});
	}

	@Test
	void aConsentWithoutVersionStopsTheStart() {
		this.contexts.withPropertyValues("tijdig.signup.consent-version= ").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("tijdig.signup")
				.hasMessageContaining("'consentVersion'");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ ErasureProperties.class, SignUpProperties.class })
	static class SubscriptionSettings {

	}

}

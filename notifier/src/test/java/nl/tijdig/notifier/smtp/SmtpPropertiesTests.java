package nl.tijdig.notifier.smtp;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(SmtpSettings.class);

	@Test
	void startsOnTheDefaults() {
		this.contexts.run((context) -> assertThat(context).hasNotFailed()
			.getBean(SmtpProperties.class)
			.extracting(SmtpProperties::concurrency)
			.isEqualTo(2));
	}

	@Test
	void noConnectionsToTheRelayStopTheStartNamingTheSettingAndTheValue() {
		this.contexts.withPropertyValues("tijdig.notifier.smtp.concurrency=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("tijdig.notifier.smtp")
				.hasMessageContaining("'concurrency'")
				.hasMessageContaining("rejected value [0]");
		});
	}

	@Test
	void aNestedRetryWithoutAttemptsStopsTheStart() {
		this.contexts.withPropertyValues("tijdig.notifier.smtp.retry.max-attempts=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("'retry.maxAttempts'")
				.hasMessageContaining("rejected value [0]");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SmtpProperties.class)
	static class SmtpSettings {

	}

}

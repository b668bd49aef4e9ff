package nl.tijdig.outbox;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(OutboxSettings.class);

	@Test
	void startsOnTheDefaults() {
		this.contexts.run((context) -> assertThat(context).hasNotFailed()
			.getBean(OutboxProperties.class)
			.extracting(OutboxProperties::batchSize)
			.isEqualTo(500));
	}

	@Test
	void aRelayThatWouldSendNothingStopsTheStartNamingTheSettingAndTheValue() {
		this.contexts.withPropertyValues("tijdig.outbox.batch-size=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("tijdig.outbox")
				.hasMessageContaining("'batchSize'")
				.hasMessageContaining("rejected value [0]");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OutboxProperties.class)
	static class OutboxSettings {

	}

}

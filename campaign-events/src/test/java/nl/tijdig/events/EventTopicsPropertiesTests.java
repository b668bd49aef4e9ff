package nl.tijdig.events;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class EventTopicsPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(TopicSettings.class);

	@Test
	void startsOnTheDefaults() {
		this.contexts.run((context) -> assertThat(context).hasNotFailed()
			.getBean(EventTopicsProperties.class)
			.extracting(EventTopicsProperties::partitions)
			.isEqualTo(6));
	}

	@Test
	void topicsWithoutPartitionsStopTheStartNamingTheSettingAndTheValue() {
		this.contexts.withPropertyValues("tijdig.topics.partitions=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("tijdig.topics")
				.hasMessageContaining("'partitions'")
				.hasMessageContaining("rejected value [0]");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(EventTopicsProperties.class)
	static class TopicSettings {

	}

}

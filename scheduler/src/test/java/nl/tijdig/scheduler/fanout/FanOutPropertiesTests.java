package nl.tijdig.scheduler.fanout;

import org.junit.jupiter.api.Test;

import nl.tijdig.events.EventTopicsProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class FanOutPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(FanOutSettings.class);

	@Test
	void startsOnTheDefaults() {
		this.contexts.run((context) -> assertThat(context).hasNotFailed()
			.getBean(FanOutProperties.class)
			.extracting(FanOutProperties::batchSize)
			.isEqualTo(5000));
	}

	@Test
	void aBatchOfNobodyStopsTheStartNamingTheSettingAndTheValue() {
		this.contexts.withPropertyValues("tijdig.fanout.batch-size=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("tijdig.fanout.batch-size must be between 1 and 10000: 0");
		});
	}

	@Test
	void noSendingThreadStopsTheStartNamingTheSettingAndTheValue() {
		this.contexts.withPropertyValues("tijdig.fanout.sending-threads=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("tijdig.fanout.sending-threads must be positive: 0");
		});
	}

	// The contract's settings are validated in the scheduler too, which has a validator
	// of its own.
	@Test
	void topicsWithoutPartitionsStopTheStart() {
		this.contexts.withPropertyValues("tijdig.topics.partitions=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("'partitions'")
				.hasMessageContaining("rejected value [0]");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ FanOutProperties.class, EventTopicsProperties.class })
	static class FanOutSettings {

	}

}

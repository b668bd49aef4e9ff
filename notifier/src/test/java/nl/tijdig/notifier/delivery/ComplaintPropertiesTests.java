package nl.tijdig.notifier.delivery;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class ComplaintPropertiesTests {

	private final ComplaintProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
		.bindOrCreate("tijdig.notifier.complaints", ComplaintProperties.class);

	@Test
	void defaultsToAPointOnePercentOnceAThousandWereSent() {
		assertThat(this.defaults.maxRate()).isEqualTo(0.001);
		assertThat(this.defaults.minSent()).isEqualTo(1000);
		assertThat(this.defaults.checkEvery()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void aFewComplaintsEarlyOnDoNotPauseACampaign() {
		assertThat(this.defaults.tooMany(1, 10)).as("1 in 10").isFalse();
		assertThat(this.defaults.tooMany(5, 999)).as("5 in 999, before the minimum").isFalse();
	}

	@Test
	void pausesAboveTheRateOnceEnoughWereSent() {
		assertThat(this.defaults.tooMany(1, 1000)).as("1 in 1000 is the rate itself").isFalse();
		assertThat(this.defaults.tooMany(2, 1000)).as("2 in 1000").isTrue();
		assertThat(this.defaults.tooMany(3, 3000)).as("3 in 3000").isFalse();
		assertThat(this.defaults.tooMany(4, 3000)).as("4 in 3000").isTrue();
	}

}

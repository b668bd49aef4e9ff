package nl.tijdig.api.console.dashboard;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the dashboard keeps its numbers fresh; under {@code tijdig.console}, beside the
 * settings of who may log in.
 *
 * @param refreshEvery how often the dashboard asks for new numbers
 * @param consumerLag which consumer groups the dashboard shows the lag of, and how it is
 * asked for
 */
@ConfigurationProperties("tijdig.console")
@Validated
record DashboardProperties(@DefaultValue("5s") @NotNull Duration refreshEvery, @Valid ConsumerLagSettings consumerLag) {

	DashboardProperties {
		// A default here rather than in @DefaultValue, which cannot build a nested
		// record.
		consumerLag = (consumerLag != null) ? consumerLag : new ConsumerLagSettings(null, null, null);
	}

	/**
	 * How the dashboard learns the platform's consumer lag from the broker.
	 *
	 * @param groups the consumer groups shown: by default the three services' groups
	 * ({@code spring.kafka.consumer.group-id} in each service's settings)
	 * @param cacheFor how long one answer of the broker serves every open dashboard: 5
	 * seconds
	 * @param timeout how long a dashboard waits for the broker before it shows the lag as
	 * unknown: 2 seconds
	 */
	record ConsumerLagSettings(List<@NotBlank String> groups, Duration cacheFor, Duration timeout) {

		ConsumerLagSettings {
			groups = (groups != null) ? List.copyOf(groups)
					: List.of("tijdig-scheduler", "tijdig-notifier", "tijdig-reminder-api");
			cacheFor = (cacheFor != null) ? cacheFor : Duration.ofSeconds(5);
			timeout = (timeout != null) ? timeout : Duration.ofSeconds(2);
		}

	}

}

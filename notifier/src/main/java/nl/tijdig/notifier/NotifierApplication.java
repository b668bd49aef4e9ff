package nl.tijdig.notifier;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Renders and sends every email of Tijdig. It learns subscribers and campaigns from their
 * topics, sends what {@code tijdig.reminders} asks for and reports each outcome on
 * {@code tijdig.deliveries}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotifierApplication {

	/**
	 * The application with its own config name, so that its {@code notifier.yml} never
	 * mixes with another service's configuration when the local stack or a system test
	 * runs all three in one JVM.
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(NotifierApplication.class).properties("spring.config.name=notifier");
	}

	/** The one source of "now", so that tests can pin it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		builder().run(args);
	}

}

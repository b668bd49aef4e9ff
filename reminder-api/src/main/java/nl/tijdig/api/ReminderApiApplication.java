package nl.tijdig.api;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The public face of Tijdig: the sign-up form, the pages that links in emails open, the
 * JSON API and the operator console. Owns campaigns and subscribers.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ReminderApiApplication {

	/** Reads {@code reminder-api.yml}, so the service can share a JVM with the others. */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(ReminderApiApplication.class).properties("spring.config.name=reminder-api");
	}

	/** The one clock every rule reads, so tests can move time instead of waiting. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		builder().run(args);
	}

}

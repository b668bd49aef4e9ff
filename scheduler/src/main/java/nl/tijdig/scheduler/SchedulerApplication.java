package nl.tijdig.scheduler;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.context.annotation.Bean;

/**
 * The scheduler: keeps a projection of the audience (subscriber ids, never addresses) and
 * of the campaigns, and turns subscription changes and campaign waves into reminder
 * requests for the notifier.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SchedulerApplication {

	/**
	 * The one way to start this service. The local stack and the system tests run all
	 * three services in one JVM, so each reads its own config file instead of
	 * {@code application.yml}.
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(SchedulerApplication.class).properties("spring.config.name=scheduler");
	}

	public static void main(String[] args) {
		builder().run(args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}

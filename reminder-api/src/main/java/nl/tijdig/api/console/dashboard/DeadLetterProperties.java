package nl.tijdig.api.console.dashboard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's dead-letter page.
 *
 * @param newest how many of the newest records of each dead-letter topic the page shows
 * @param timeout how long the page and a replay wait for the broker before answering
 * {@code 503}
 */
@ConfigurationProperties("tijdig.console.dead-letters")
record DeadLetterProperties(@DefaultValue("20") int newest, @DefaultValue("10s") Duration timeout) {

}

package nl.tijdig.notifier.bounce;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param token the bearer token a reporter must present; empty accepts reports from
 * anyone who can reach the port, which is only for a local run
 */
@ConfigurationProperties("tijdig.notifier.bounces")
record BounceProperties(@DefaultValue("") String token) {

}

package nl.tijdig.notifier.bounce;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param token the bearer token a reporter must present; required, but for the
 * {@code local} profile, where empty accepts reports from anyone who can reach the port
 */
@ConfigurationProperties("tijdig.notifier.bounces")
record BounceProperties(@DefaultValue("") String token) {

}

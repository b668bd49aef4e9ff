package nl.tijdig.notifier.bounce;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nl.tijdig.notifier.delivery.Bounces;

/** Reads the bounce mailbox only where one is configured. */
@Configuration(proxyBeanMethods = false)
class BounceMailboxConfiguration {

	@Bean
	@ConditionalOnExpression("!'${tijdig.notifier.bounces.mailbox.host:}'.isBlank()")
	BounceMailbox bounceMailbox(Bounces bounces, BounceMailboxProperties properties) {
		return new BounceMailbox(bounces, properties);
	}

}

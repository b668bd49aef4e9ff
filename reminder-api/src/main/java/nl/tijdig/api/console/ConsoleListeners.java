package nl.tijdig.api.console;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * The container of the console's listeners that read a topic in a group of each
 * instance's own (the previews' answers, the notifier's pauses): Boot's settings, but a
 * record it cannot read is only logged. The events' usual handler would move it to the
 * dead-letter topic, once from every instance, since each reads every record; and nobody
 * would ever replay it, as a preview's request is long given up by then.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleListeners {

	/** The container factory of a listener in a group of its instance's own. */
	public static final String CONTAINER_FACTORY = "ownGroupContainerFactory";

	@Bean(CONTAINER_FACTORY)
	ConcurrentKafkaListenerContainerFactory<Object, Object> ownGroupContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumers);
		factory.setCommonErrorHandler(new CommonLoggingErrorHandler());
		// Never acknowledged, so what a listener reads is never committed. Spring Kafka
		// still commits the starting position when the group is first given a partition
		// (its assignment commit), which the previews' answer reader relies on; the
		// broker
		// forgets that offset once the group has been empty for its offset retention.
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
		return factory;
	}

}

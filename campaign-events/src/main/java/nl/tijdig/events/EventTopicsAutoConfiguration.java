package nl.tijdig.events;

import java.time.Duration;

import org.apache.kafka.common.config.TopicConfig;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Gives every service the same serde and the same topic declarations, so whichever
 * service starts first creates the topics with the right keys' cleanup policy instead of
 * the broker's defaults.
 */
@AutoConfiguration
@ConditionalOnClass(DefaultKafkaProducerFactoryCustomizer.class)
@EnableConfigurationProperties(EventTopicsProperties.class)
public class EventTopicsAutoConfiguration {

	@Bean
	DefaultKafkaProducerFactoryCustomizer eventSerdeProducerCustomizer() {
		return (factory) -> factory.updateConfigs(EventSerde.producerConfig());
	}

	@Bean
	DefaultKafkaConsumerFactoryCustomizer eventSerdeConsumerCustomizer() {
		return (factory) -> factory.updateConfigs(EventSerde.consumerConfig());
	}

	@Bean
	KafkaAdmin.NewTopics eventTopics(EventTopicsProperties properties) {
		int partitions = properties.partitions();
		short replicas = properties.replicationFactor();
		Duration erasureLag = properties.erasureLag();
		return new KafkaAdmin.NewTopics(
				TopicBuilder.name(Topics.CAMPAIGNS).partitions(partitions).replicas(replicas).compact().build(),
				TopicBuilder.name(Topics.SUBSCRIBERS)
					.partitions(partitions)
					.replicas(replicas)
					.compact()
					// Together these bound how long an erased address can be read from
					// the log.
					.config(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, millis(erasureLag))
					.config(TopicConfig.DELETE_RETENTION_MS_CONFIG, millis(erasureLag.dividedBy(4)))
					.config(TopicConfig.SEGMENT_MS_CONFIG, millis(erasureLag.dividedBy(2)))
					.build(),
				TopicBuilder.name(Topics.REMINDERS)
					.partitions(partitions)
					.replicas(replicas)
					.config(TopicConfig.RETENTION_MS_CONFIG, millis(properties.remindersRetention()))
					.build(),
				TopicBuilder.name(Topics.DELIVERIES)
					.partitions(partitions)
					.replicas(replicas)
					.config(TopicConfig.RETENTION_MS_CONFIG, millis(properties.deliveriesRetention()))
					.build(),
				TopicBuilder.name(Topics.WAVES).partitions(partitions).replicas(replicas).build());
	}

	private static String millis(Duration duration) {
		return Long.toString(duration.toMillis());
	}

}

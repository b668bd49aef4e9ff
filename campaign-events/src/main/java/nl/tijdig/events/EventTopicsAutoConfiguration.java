package nl.tijdig.events;

import java.time.Duration;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

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

	/**
	 * Retries a failing record a few times, then moves it to its dead-letter topic with
	 * the reason in headers, so one bad record never stops a partition. Records that
	 * cannot be read at all go there at once: retrying them cannot help.
	 */
	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler eventErrorHandler(KafkaOperations<Object, Object> kafka, EventTopicsProperties properties) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka,
				(record, exception) -> new TopicPartition(Topics.deadLetterOf(record.topic()), record.partition()));
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.retries());
		backOff.setInitialInterval(properties.retryInterval().toMillis());
		backOff.setMaxInterval(properties.retryInterval().multipliedBy(10).toMillis());
		return new DefaultErrorHandler(recoverer, backOff);
	}

	@Bean
	KafkaAdmin.NewTopics deadLetterTopics(EventTopicsProperties properties) {
		return new KafkaAdmin.NewTopics(Topics.all()
			.stream()
			.map((topic) -> TopicBuilder.name(Topics.deadLetterOf(topic))
				.partitions(properties.partitions())
				.replicas(properties.replicationFactor())
				.config(TopicConfig.RETENTION_MS_CONFIG, millis(properties.deliveriesRetention()))
				.build())
			.toArray(NewTopic[]::new));
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

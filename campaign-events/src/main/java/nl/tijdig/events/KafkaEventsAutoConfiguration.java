package nl.tijdig.events;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Gives every service the same serde and the same topic declarations, so whichever
 * service starts first creates the topics with the right keys' cleanup policy instead of
 * the broker's defaults.
 */
@AutoConfiguration
@ConditionalOnClass(DefaultKafkaProducerFactoryCustomizer.class)
@EnableConfigurationProperties({ EventTopicsProperties.class, EventConsumerProperties.class })
public class KafkaEventsAutoConfiguration {

	private static final Log logger = LogFactory.getLog(KafkaEventsAutoConfiguration.class);

	@Bean
	DefaultKafkaProducerFactoryCustomizer eventSerdeProducerCustomizer() {
		return (factory) -> factory.updateConfigs(EventSerde.producerConfig());
	}

	@Bean
	DefaultKafkaConsumerFactoryCustomizer eventSerdeConsumerCustomizer() {
		return (factory) -> factory.updateConfigs(EventSerde.consumerConfig());
	}

	/**
	 * Moves a record that cannot be processed to its dead-letter topic with the reason in
	 * headers, so one bad record never stops a partition; holds a valid record back for
	 * as long as the infrastructure it needs is away. Unreadable and invalid records go
	 * at once. A failure of the infrastructure ({@link ConsumerFailures}) is retried with
	 * a growing pause, capped, without end: the record is sought back and the container
	 * paused between attempts, so the consumer keeps polling and stays in its group.
	 * Anything else (a bug, a subscriber not known yet) is retried for
	 * {@code max-retry-time}, then dead-lettered, so that one record cannot stop a
	 * partition for good. A batch that fails as a whole, without naming its record, is
	 * retried without end too: dead-lettering it would move valid events aside.
	 */
	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler eventErrorHandler(KafkaOperations<Object, Object> kafka, EventConsumerProperties properties,
			HeldPartitions heldPartitions) {
		// The same partition as the original: the dead-letter topics have as many,
		// and the order per key is kept.
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
				(record, exception) -> new TopicPartition(Topics.deadLetterOf(record.topic()), record.partition()));
		ConsumerAwareRecordRecoverer recoverer = (record, consumer, exception) -> {
			// Spring Kafka is silent about a successful recovery; an operator must
			// not be.
			logger.warn("Moving " + record.topic() + "-" + record.partition() + "@" + record.offset()
					+ " to the dead-letter topic: " + ConsumerFailures.describe(exception));
			deadLetters.accept(record, consumer, exception);
		};
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff(properties, null),
				new ContainerPausingBackOffHandler(new ListenerContainerPauseService(null, resumer())));
		handler.setBackOffFunction(
				(record, exception) -> (exception != null && ConsumerFailures.isInfrastructure(exception)) ? null
						: backOff(properties, properties.maxRetryTime()));
		// Unreadable records (DeserializationException) are not retried either, by
		// default.
		handler.addNotRetryableExceptions(InvalidEventException.class);
		handler.setRetryListeners(heldPartitions);
		return handler;
	}

	/**
	 * @param maxElapsed how long to retry; {@code null} for as long as it takes
	 */
	private static BackOff backOff(EventConsumerProperties properties, Duration maxElapsed) {
		ExponentialBackOff backOff = new ExponentialBackOff(properties.initialBackoff().toMillis(), 2.0);
		backOff.setMaxInterval(properties.maxBackoff().toMillis());
		if (maxElapsed != null) {
			backOff.setMaxElapsedTime(maxElapsed.toMillis());
		}
		return backOff;
	}

	/**
	 * Resumes the containers paused for a back-off. Not a bean: a {@code TaskScheduler}
	 * bean would take over the service's own scheduled jobs.
	 */
	private static TaskScheduler resumer() {
		return new ConcurrentTaskScheduler(Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "tijdig-consumer-resume");
			thread.setDaemon(true);
			return thread;
		}));
	}

	/**
	 * Told by the error handler and the listener containers (Boot's container factory
	 * takes a single interceptor and rebalance listener bean) which partitions wait for
	 * the infrastructure.
	 */
	@Bean
	HeldPartitions heldPartitions(EventConsumerProperties properties) {
		return new HeldPartitions(Clock.systemUTC(), properties.maxBackoff().multipliedBy(2).plusMinutes(1));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HeldPartitionsHealthConfiguration {

		@Bean
		HealthIndicator eventConsumersHealthIndicator(HeldPartitions heldPartitions) {
			return new HeldPartitionsHealthIndicator(heldPartitions);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class HeldPartitionsMetricsConfiguration {

		@Bean
		MeterBinder heldPartitionsMetrics(HeldPartitions heldPartitions) {
			return (registry) -> Gauge
				.builder("tijdig.consumer.held.partitions", heldPartitions, (held) -> held.current().size())
				.description("Partitions a listener holds back until the database, broker or relay is back")
				.register(registry);
		}

	}

	@Bean
	KafkaAdmin.NewTopics deadLetterTopics(EventTopicsProperties properties) {
		return new KafkaAdmin.NewTopics(Topics.all()
			.stream()
			.map((topic) -> TopicBuilder.name(Topics.deadLetterOf(topic))
				.partitions(properties.partitions())
				.replicas(properties.replicationFactor())
				.config(TopicConfig.RETENTION_MS_CONFIG, millis(deadLetterRetention(topic, properties)))
				.build())
			.toArray(NewTopic[]::new));
	}

	/**
	 * A dead letter from the subscriber topic may carry an address: it must not outlive
	 * an erasure; one from the preview topics not its original.
	 */
	private static Duration deadLetterRetention(String topic, EventTopicsProperties properties) {
		return switch (topic) {
			case Topics.SUBSCRIBERS -> properties.erasureLag();
			case Topics.PREVIEWS, Topics.PREVIEWS_RENDERED, Topics.SUPPRESSIONS -> properties.previewsRetention();
			default -> properties.deliveriesRetention();
		};
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
					// These two bound how long an erased address can be read from the
					// log: a segment rolls and is compacted within erasureLag.
					.config(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, millis(erasureLag))
					.config(TopicConfig.SEGMENT_MS_CONFIG, millis(erasureLag.dividedBy(2)))
					// The tombstone that removed it carries no address, so it may stay
					// long: as long as any consumer may be away and still read it.
					.config(TopicConfig.DELETE_RETENTION_MS_CONFIG, millis(properties.tombstoneRetention()))
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
				TopicBuilder.name(Topics.WAVES).partitions(partitions).replicas(replicas).build(),
				// Retention deletes whole segments only: a segment that rolls as
				// often bounds how long a test address can be read to about twice the
				// retention.
				TopicBuilder.name(Topics.PREVIEWS)
					.partitions(partitions)
					.replicas(replicas)
					.config(TopicConfig.RETENTION_MS_CONFIG, millis(properties.previewsRetention()))
					.config(TopicConfig.SEGMENT_MS_CONFIG, millis(properties.previewsRetention()))
					.build(),
				TopicBuilder.name(Topics.PREVIEWS_RENDERED)
					.partitions(partitions)
					.replicas(replicas)
					.config(TopicConfig.RETENTION_MS_CONFIG, millis(properties.previewsRetention()))
					.build(),
				TopicBuilder.name(Topics.SENDING).partitions(partitions).replicas(replicas).compact().build(),
				TopicBuilder.name(Topics.SENDING_RESUMES).partitions(partitions).replicas(replicas).build(),
				TopicBuilder.name(Topics.SUPPRESSIONS)
					.partitions(partitions)
					.replicas(replicas)
					.config(TopicConfig.RETENTION_MS_CONFIG, millis(properties.previewsRetention()))
					.config(TopicConfig.SEGMENT_MS_CONFIG, millis(properties.previewsRetention()))
					.build(),
				// A notifier that was down for days still finds the operator's request.
				TopicBuilder.name(Topics.CORRECTIONS)
					.partitions(partitions)
					.replicas(replicas)
					.config(TopicConfig.RETENTION_MS_CONFIG, millis(properties.remindersRetention()))
					.build());
	}

	private static String millis(Duration duration) {
		return Long.toString(duration.toMillis());
	}

}

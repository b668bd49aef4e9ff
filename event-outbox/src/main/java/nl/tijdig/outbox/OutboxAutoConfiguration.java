package nl.tijdig.outbox;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox and its relay, in every service that has a database and Kafka. */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration" })
@ConditionalOnBean({ DataSource.class, KafkaOperations.class, PlatformTransactionManager.class })
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

	@Bean
	OutboxRelay outboxRelay(DataSource dataSource, PlatformTransactionManager transactionManager,
			KafkaOperations<Object, Object> kafka, OutboxProperties properties) {
		return new OutboxRelay(JdbcClient.create(dataSource), new TransactionTemplate(transactionManager), kafka,
				properties);
	}

	@Bean
	Outbox outbox(DataSource dataSource, OutboxRelay relay) {
		return new Outbox(JdbcClient.create(dataSource), relay);
	}

}

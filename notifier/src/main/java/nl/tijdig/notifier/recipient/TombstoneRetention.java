package nl.tijdig.notifier.recipient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import nl.tijdig.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How long the broker keeps an erasure's tombstone on {@code tijdig.subscribers}, read
 * from the topic itself rather than from our settings: a topic created by an older
 * release keeps the retention it was created with until an operator changes it.
 */
@Component
class TombstoneRetention implements DisposableBean {

	private final KafkaAdmin kafkaAdmin;

	private final Clock clock;

	private final Duration cacheFor;

	private Admin admin;

	private Duration retention;

	private Instant readAt = Instant.MIN;

	TombstoneRetention(KafkaAdmin kafkaAdmin, Clock clock, RecipientProperties properties) {
		this.kafkaAdmin = kafkaAdmin;
		this.clock = clock;
		this.cacheFor = properties.caughtUpEvery();
	}

	/**
	 * The longest a partition may go unread and still be followed record by record: half
	 * the tombstone retention, so that a projection back after that long has the other
	 * half to read what it missed before a tombstone in it can be gone.
	 * @return the longest time away
	 */
	synchronized Duration maxAway() {
		Instant now = this.clock.instant();
		if (this.retention == null || now.isAfter(this.readAt.plus(this.cacheFor))) {
			this.retention = read();
			this.readAt = now;
		}
		return this.retention.dividedBy(2);
	}

	private Duration read() {
		if (this.admin == null) {
			this.admin = Admin.create(this.kafkaAdmin.getConfigurationProperties());
		}
		ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.SUBSCRIBERS);
		try {
			Config config = this.admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
			return Duration.ofMillis(Long.parseLong(config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading the configuration of " + Topics.SUBSCRIBERS, ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read the tombstone retention of " + Topics.SUBSCRIBERS, ex);
		}
	}

	@Override
	public synchronized void destroy() {
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(5));
		}
	}

}

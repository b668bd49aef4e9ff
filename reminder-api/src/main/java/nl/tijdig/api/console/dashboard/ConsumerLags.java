package nl.tijdig.api.console.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import nl.tijdig.events.Topics;

/**
 * Asks the broker how far each configured consumer group is behind on the tijdig topics.
 * One answer serves every open dashboard for a few seconds, so that many operators
 * watching do not each query the broker; a broker that does not answer in time makes the
 * lag unknown rather than the page slow or broken.
 */
@Component
class ConsumerLags implements DisposableBean {

	private static final Log logger = LogFactory.getLog(ConsumerLags.class);

	private final Supplier<Admin> admins;

	private final DashboardProperties.ConsumerLagSettings settings;

	private final Clock clock;

	// One fetch at a time: the others wait for its answer instead of asking again.
	private final ReentrantLock fetching = new ReentrantLock();

	private Admin admin;

	private volatile Answer last;

	@Autowired
	ConsumerLags(KafkaAdmin kafkaAdmin, DashboardProperties properties, Clock clock) {
		// Boot's admin settings with its connection details applied: the same broker and
		// security as the rest of the service.
		this(() -> Admin.create(kafkaAdmin.getConfigurationProperties()), properties.consumerLag(), clock);
	}

	ConsumerLags(Supplier<Admin> admins, DashboardProperties.ConsumerLagSettings settings, Clock clock) {
		this.admins = admins;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * The lag of every configured group, at most {@code cache-for} old; waits at most
	 * about twice the timeout.
	 */
	ConsumerLag current() {
		Answer cached = this.last;
		if (fresh(cached)) {
			return cached.lag();
		}
		try {
			if (!this.fetching.tryLock(this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
				return (cached != null) ? cached.lag() : unknown();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return unknown();
		}
		try {
			cached = this.last;
			if (fresh(cached)) {
				return cached.lag();
			}
			ConsumerLag lag = fetch();
			if (!lag.known() && (cached == null || cached.lag().known())) {
				logger.warn("Kafka did not tell the consumer lag within " + this.settings.timeout()
						+ "; the console shows it as unknown");
			}
			this.last = new Answer(System.nanoTime(), lag);
			return lag;
		}
		finally {
			this.fetching.unlock();
		}
	}

	private boolean fresh(Answer answer) {
		return answer != null && System.nanoTime() - answer.fetchedAt() < this.settings.cacheFor().toNanos();
	}

	private ConsumerLag unknown() {
		return ConsumerLag.unknown(this.clock.instant(), this.settings.groups());
	}

	private ConsumerLag fetch() {
		long deadline = System.nanoTime() + this.settings.timeout().toNanos();
		int timeoutMs = (int) this.settings.timeout().toMillis();
		List<String> groups = this.settings.groups();
		try {
			Admin admin = admin();
			Map<String, KafkaFuture<ConsumerGroupDescription>> descriptions = admin
				.describeConsumerGroups(groups, new DescribeConsumerGroupsOptions().timeoutMs(timeoutMs))
				.describedGroups();
			Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
			groups.forEach((group) -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
			ListConsumerGroupOffsetsResult offsets = admin.listConsumerGroupOffsets(specs,
					new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs));
			Map<String, Integer> members = new HashMap<>();
			Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
			Set<TopicPartition> partitions = new HashSet<>();
			for (String group : groups) {
				members.put(group, members(descriptions.get(group), deadline));
				Map<TopicPartition, OffsetAndMetadata> ours = committed(offsets.partitionsToOffsetAndMetadata(group),
						deadline);
				committed.put(group, ours);
				partitions.addAll(ours.keySet());
			}
			Map<TopicPartition, Long> ends = new HashMap<>();
			if (!partitions.isEmpty()) {
				Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
				partitions.forEach((partition) -> latest.put(partition, OffsetSpec.latest()));
				admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(timeoutMs))
					.all()
					.get(remaining(deadline), TimeUnit.NANOSECONDS)
					.forEach((partition, info) -> ends.put(partition, info.offset()));
			}
			List<ConsumerLag.Group> answer = new ArrayList<>();
			for (String group : groups) {
				answer.add(new ConsumerLag.Group(group, members.get(group), lag(committed.get(group), ends)));
			}
			return new ConsumerLag(this.clock.instant(), true, answer);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return unknown();
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			logger.debug("Consumer lag unknown", ex);
			return unknown();
		}
	}

	/**
	 * Sums, per tijdig topic, the records after each partition's committed offset. A
	 * partition without a committed offset is left out, as {@code kafka-consumer-groups}
	 * does: its lag is not known. A committed offset beyond an end offset read a moment
	 * earlier is no negative lag.
	 */
	static List<ConsumerLag.TopicLag> lag(Map<TopicPartition, OffsetAndMetadata> committed,
			Map<TopicPartition, Long> ends) {
		Map<String, Long> byTopic = new HashMap<>();
		committed.forEach((partition, offset) -> {
			Long end = ends.get(partition);
			if (offset != null && end != null && Topics.all().contains(partition.topic())) {
				byTopic.merge(partition.topic(), Math.max(0, end - offset.offset()), Long::sum);
			}
		});
		return Topics.all()
			.stream()
			.filter(byTopic::containsKey)
			.map((topic) -> new ConsumerLag.TopicLag(topic, byTopic.get(topic)))
			.toList();
	}

	private static Integer members(KafkaFuture<ConsumerGroupDescription> description, long deadline)
			throws InterruptedException, ExecutionException, TimeoutException {
		try {
			return description.get(remaining(deadline), TimeUnit.NANOSECONDS).members().size();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				// A service that never ran yet: no group, nobody in it.
				return 0;
			}
			throw ex;
		}
	}

	private static Map<TopicPartition, OffsetAndMetadata> committed(
			KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> offsets, long deadline)
			throws InterruptedException, ExecutionException, TimeoutException {
		try {
			Map<TopicPartition, OffsetAndMetadata> ours = new HashMap<>();
			offsets.get(remaining(deadline), TimeUnit.NANOSECONDS).forEach((partition, offset) -> {
				if (offset != null && Topics.all().contains(partition.topic())) {
					ours.put(partition, offset);
				}
			});
			return ours;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return Map.of();
			}
			throw ex;
		}
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

	private Admin admin() {
		// Created on first use, under the fetching lock, and kept for the application's
		// life: a service whose console nobody opens does not connect an admin client.
		if (this.admin == null) {
			this.admin = this.admins.get();
		}
		return this.admin;
	}

	@Override
	public void destroy() {
		this.fetching.lock();
		try {
			if (this.admin != null) {
				this.admin.close(Duration.ofSeconds(1));
			}
		}
		finally {
			this.fetching.unlock();
		}
	}

	private record Answer(long fetchedAt, ConsumerLag lag) {
	}

}

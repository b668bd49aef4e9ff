package nl.tijdig.api.console.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import nl.tijdig.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerLagsTests {

	@Test
	void sumsTheRecordsAfterEachCommittedOffsetPerTopic() {
		Map<TopicPartition, OffsetAndMetadata> committed = Map.of(partition(Topics.REMINDERS, 0),
				new OffsetAndMetadata(3), partition(Topics.REMINDERS, 1), new OffsetAndMetadata(10),
				partition(Topics.REMINDERS, 2), new OffsetAndMetadata(0), partition(Topics.SUBSCRIBERS, 4),
				new OffsetAndMetadata(40));
		Map<TopicPartition, Long> ends = Map.of(partition(Topics.REMINDERS, 0), 10L, partition(Topics.REMINDERS, 1),
				12L, partition(Topics.REMINDERS, 2), 5L, partition(Topics.SUBSCRIBERS, 4), 40L);

		assertThat(ConsumerLags.lag(committed, ends)).as("in the order of the flow")
			.containsExactly(new ConsumerLag.TopicLag(Topics.SUBSCRIBERS, 0),
					new ConsumerLag.TopicLag(Topics.REMINDERS, 7 + 2 + 5));
	}

	@Test
	void countsNoNegativeLagAndOnlyTheTijdigTopics() {
		// An end offset read a moment before the commit it is compared with.
		Map<TopicPartition, OffsetAndMetadata> committed = Map.of(partition(Topics.WAVES, 0), new OffsetAndMetadata(12),
				partition(Topics.WAVES, 1), new OffsetAndMetadata(1), partition("someone-elses-topic", 0),
				new OffsetAndMetadata(0));
		Map<TopicPartition, Long> ends = Map.of(partition(Topics.WAVES, 0), 10L, partition(Topics.WAVES, 1), 4L,
				partition("someone-elses-topic", 0), 100L);

		assertThat(ConsumerLags.lag(committed, ends)).containsExactly(new ConsumerLag.TopicLag(Topics.WAVES, 3));
	}

	@Test
	void leavesOutAPartitionWithoutAnEndOffset() {
		assertThat(ConsumerLags.lag(Map.of(partition(Topics.DELIVERIES, 0), new OffsetAndMetadata(2)), Map.of()))
			.isEmpty();
	}

	@Test
	void answersUnknownWhenTheBrokerDoesNotAnswer() {
		// Port 1: nobody listens there, and no test can take it in between.
		ConsumerLags lags = new ConsumerLags(
				() -> Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1")),
				new DashboardProperties.ConsumerLagSettings(List.of("tijdig-notifier", "tijdig-scheduler"),
						Duration.ofMinutes(1), Duration.ofMillis(300)),
				Clock.systemUTC());
		try {
			ConsumerLag lag = lags.current();

			assertThat(lag.known()).isFalse();
			assertThat(lag.groups()).as("every configured group, nothing known of it")
				.containsExactly(new ConsumerLag.Group("tijdig-notifier", null, List.of()),
						new ConsumerLag.Group("tijdig-scheduler", null, List.of()));
			assertThat(lags.current()).as("the same answer from the cache, without asking again").isSameAs(lag);
		}
		finally {
			lags.destroy();
		}
	}

	private static TopicPartition partition(String topic, int partition) {
		return new TopicPartition(topic, partition);
	}

}

package nl.tijdig.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

class HeldPartitionsTests {

	private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

	private final MutableClock clock = new MutableClock();

	private final HeldPartitions held = new HeldPartitions(this.clock, Duration.ofMinutes(3));

	private final ConsumerRecord<Object, Object> record = new ConsumerRecord<>("tijdig.subscribers", 2, 40, "k", "v");

	@Test
	void holdsAPartitionSinceItsRecordFirstFailedForTheInfrastructureAndReleasesItWhenItGoesThrough() {
		this.held.failedDelivery(this.record, new DataAccessResourceFailureException("database away"), 1);
		this.clock.advance(Duration.ofSeconds(30));
		this.held.failedDelivery(this.record, new DataAccessResourceFailureException("still away"), 2);

		assertThat(this.held.current()).singleElement().satisfies((hold) -> {
			assertThat(hold.topic()).isEqualTo("tijdig.subscribers");
			assertThat(hold.partition()).isEqualTo(2);
			assertThat(hold.offset()).isEqualTo(40);
			assertThat(hold.since()).isEqualTo(NOW);
			assertThat(hold.lastError()).isEqualTo("DataAccessResourceFailureException: still away");
		});

		this.held.success(new ConsumerRecord<>("tijdig.subscribers", 1, 40, "k", "v"), null);
		assertThat(this.held.current()).hasSize(1);
		this.held.success(this.record, null);
		assertThat(this.held.current()).isEmpty();
	}

	@Test
	void holdsNothingForAFailureOfTheRecordAndLetsGoWhenItIsDeadLettered() {
		this.held.failedDelivery(this.record, new DataAccessResourceFailureException("database away"), 1);
		this.held.failedDelivery(this.record, new IllegalStateException("a bug"), 2);
		assertThat(this.held.current()).isEmpty();

		this.held.failedDelivery(this.record, new DataAccessResourceFailureException("database away"), 3);
		this.held.recovered(this.record, new DataAccessResourceFailureException("database away"));
		assertThat(this.held.current()).isEmpty();
	}

	@Test
	void releasesABatchsPartitionsWhenTheBatchGoesThroughOrThePartitionsGoElsewhere() {
		ConsumerRecords<Object, Object> batch = new ConsumerRecords<>(Map.of(new TopicPartition("tijdig.deliveries", 0),
				List.of(new ConsumerRecord<>("tijdig.deliveries", 0, 5, "k", "v"),
						new ConsumerRecord<>("tijdig.deliveries", 0, 6, "k", "v")),
				new TopicPartition("tijdig.deliveries", 1),
				List.of(new ConsumerRecord<>("tijdig.deliveries", 1, 9, "k", "v"))), Map.of());
		this.held.failedDelivery(batch, new DataAccessResourceFailureException("database away"), 1);
		assertThat(this.held.current()).extracting(HeldPartitions.Hold::offset).containsExactlyInAnyOrder(5L, 9L);

		this.held.onPartitionsRevokedAfterCommit(null, List.of(new TopicPartition("tijdig.deliveries", 1)));
		assertThat(this.held.current()).extracting(HeldPartitions.Hold::offset).containsExactly(5L);
		this.held.success(batch, null);
		assertThat(this.held.current()).isEmpty();
	}

	@Test
	void forgetsAHoldThatStoppedFailingLongAgo() {
		this.held.failedDelivery(this.record, new DataAccessResourceFailureException("database away"), 1);
		this.clock.advance(Duration.ofMinutes(4));

		assertThat(this.held.current()).isEmpty();
	}

	private static final class MutableClock extends Clock {

		private Instant now = NOW;

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}

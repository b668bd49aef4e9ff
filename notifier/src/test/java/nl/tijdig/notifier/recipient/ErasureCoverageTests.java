package nl.tijdig.notifier.recipient;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.MovableClock;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * When the recipient projection notes a partition caught up, and when it re-reads one.
 */
class ErasureCoverageTests {

	private static final Duration MAX_AWAY = Duration.ofDays(3).plusHours(12);

	private static final TopicPartition PARTITION = new TopicPartition(Topics.SUBSCRIBERS, 2);

	private final MovableClock clock = new MovableClock(Instant.parse("2026-10-01T08:00:00Z"));

	private final ErasuresApplied erasuresApplied = mock(ErasuresApplied.class);

	private final TombstoneRetention tombstoneRetention = mock(TombstoneRetention.class);

	private final PartitionReRead reRead = mock(PartitionReRead.class);

	private final Consumer<?, ?> consumer = mock(Consumer.class);

	private final ErasureCoverage coverage = new ErasureCoverage(this.erasuresApplied, this.tombstoneRetention,
			this.reRead, this.clock, new RecipientProperties(Duration.ofMinutes(1)));

	@BeforeEach
	void retention() {
		given(this.tombstoneRetention.maxAway()).willReturn(MAX_AWAY);
		given(this.erasuresApplied.caughtUp(anyInt(), any(), any())).willReturn(true);
	}

	@Test
	void aPartitionReadToItsEndIsNotedCaughtUpAtMostOnceAMinute() {
		given(this.consumer.currentLag(PARTITION)).willReturn(OptionalLong.of(0));

		this.coverage.applied(this.consumer, PARTITION.partition());
		this.clock.advance(Duration.ofSeconds(59));
		this.coverage.applied(this.consumer, PARTITION.partition());
		this.clock.advance(Duration.ofSeconds(1));
		this.coverage.applied(this.consumer, PARTITION.partition());

		verify(this.erasuresApplied, times(2)).caughtUp(eq(PARTITION.partition()), any(), eq(MAX_AWAY));
		verify(this.reRead, never()).start(anyInt());
	}

	@Test
	void aPartitionBehindOrOfUnknownLagIsNotNoted() {
		given(this.consumer.currentLag(PARTITION)).willReturn(OptionalLong.of(3), OptionalLong.empty());

		this.coverage.applied(this.consumer, PARTITION.partition());
		this.coverage.applied(this.consumer, PARTITION.partition());

		verify(this.erasuresApplied, never()).caughtUp(anyInt(), any(), any());
	}

	@Test
	void aPartitionCaughtUpAfterTooLongAwayIsReRead() {
		// Held back for the database for four days, say: the note is too old to move.
		given(this.consumer.currentLag(PARTITION)).willReturn(OptionalLong.of(0));
		given(this.erasuresApplied.caughtUp(anyInt(), any(), any())).willReturn(false);

		this.coverage.applied(this.consumer, PARTITION.partition());

		verify(this.reRead).start(PARTITION.partition());
	}

	@Test
	void aPartitionAssignedIsReReadOnlyWhenItsNoteIsTooOld() {
		given(this.erasuresApplied.stale(eq(1), any(), eq(MAX_AWAY))).willReturn(true);
		given(this.erasuresApplied.stale(eq(2), any(), eq(MAX_AWAY))).willReturn(false);

		this.coverage.assigned(1);
		this.coverage.assigned(2);

		verify(this.reRead).start(1);
		verify(this.reRead, never()).start(2);
	}

	@Test
	void anAssignmentWhoseRetentionCannotBeReadLeavesTheDecisionToTheCatchUp() {
		given(this.tombstoneRetention.maxAway()).willThrow(new IllegalStateException("broker away"));

		this.coverage.assigned(1);

		verify(this.reRead, never()).start(anyInt());
	}

	@Test
	void anIdlePartitionIsNotedUnlessItIsHeldBack() {
		given(this.consumer.currentLag(PARTITION)).willReturn(OptionalLong.of(0));

		this.coverage.idle(this.consumer, PARTITION, true);
		verify(this.erasuresApplied, never()).caughtUp(anyInt(), any(), any());

		this.coverage.idle(this.consumer, PARTITION, false);
		verify(this.erasuresApplied).caughtUp(eq(PARTITION.partition()), any(), eq(MAX_AWAY));
	}

}

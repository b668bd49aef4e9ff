package nl.tijdig.notifier.delivery;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import nl.tijdig.notifier.smtp.SmtpProperties;
import org.junit.jupiter.api.Test;

import nl.tijdig.testinfra.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class RelayBreakerTests {

	private static final Duration COOL_DOWN = Duration.ofMinutes(5);

	private final MovableClock clock = new MovableClock(Instant.parse("2025-10-20T07:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final SendingPauses pauses = mock(SendingPauses.class);

	private final RelayBreaker breaker = new RelayBreaker(properties(), this.clock,
			new DeliveryMetrics(this.meters, null, this.clock), this.pauses);

	@Test
	void aRunOfPolicyRefusalsShorterThanTheThresholdPausesNothing() {
		this.breaker.refusedByPolicy("554 5.7.1 Relay access denied");
		this.breaker.refusedByPolicy("554 5.7.1 Relay access denied");
		this.breaker.relayAnswered();
		this.breaker.refusedByPolicy("554 5.7.1 Relay access denied");
		this.breaker.refusedByPolicy("554 5.7.1 Relay access denied");

		assertThat(this.breaker.pause()).isNull();
		assertThat(this.breaker.permit(20)).isEqualTo(new RelayBreaker.Permit(20, false));
		verify(this.pauses, never()).paused(any(), any());
		assertThat(this.meters.get("tijdig.notifier.smtp.policy.refusals").counter().count()).isEqualTo(4);
	}

	@Test
	void theThresholdPausesSendingUntilTheCoolDownThenOneThreadTriesOneMessage() {
		Instant since = this.clock.instant();
		refuse(3);

		assertThat(this.breaker.pause()).isEqualTo(new RelayBreaker.Pause(since, 3, "554 5.7.1 Relay access denied"));
		assertThat(this.meters.get("tijdig.notifier.sending.paused").gauge().value()).isEqualTo(1);
		verify(this.pauses).paused(this.breaker.pause(), COOL_DOWN);
		assertThat(this.breaker.permit(20).messages()).isZero();

		this.clock.advance(COOL_DOWN);
		RelayBreaker.Permit trial = this.breaker.permit(20);
		assertThat(trial).isEqualTo(new RelayBreaker.Permit(1, true));
		assertThat(this.breaker.permit(20).messages()).as("another thread meanwhile").isZero();

		// Refused again: a new cool-down, the pause still counted from its start.
		this.clock.advance(Duration.ofSeconds(1));
		this.breaker.refusedByPolicy("554 5.7.1 Still denied");
		this.breaker.done(trial);
		assertThat(this.breaker.pause().since()).isEqualTo(since);
		assertThat(this.breaker.pause().relayReply()).isEqualTo("554 5.7.1 Still denied");
		assertThat(this.breaker.permit(20).messages()).isZero();
		verify(this.pauses, times(1)).paused(any(), any());

		this.clock.advance(COOL_DOWN);
		trial = this.breaker.permit(20);
		assertThat(trial.trial()).isTrue();
		this.breaker.relayAnswered();
		this.breaker.done(trial);

		assertThat(this.breaker.pause()).isNull();
		assertThat(this.meters.get("tijdig.notifier.sending.paused").gauge().value()).isZero();
		verify(this.pauses).resumed(any());
		assertThat(this.breaker.permit(20)).isEqualTo(new RelayBreaker.Permit(20, false));
	}

	@Test
	void aTrialThatNeverReachedTheRelayLetsTheNextThreadTry() {
		refuse(3);
		this.clock.advance(COOL_DOWN);

		this.breaker.done(this.breaker.permit(20));

		assertThat(this.breaker.pause()).isNotNull();
		assertThat(this.breaker.permit(20)).isEqualTo(new RelayBreaker.Permit(1, true));
	}

	private void refuse(int times) {
		for (int i = 0; i < times; i++) {
			this.breaker.refusedByPolicy("554 5.7.1 Relay access denied");
		}
	}

	private static SmtpProperties properties() {
		return new SmtpProperties(1, 20, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(30),
				SmtpProperties.Tls.NONE, true, Duration.ofSeconds(30), 100, Duration.ofSeconds(1),
				Duration.ofMinutes(10), new SmtpProperties.Retry(Duration.ofSeconds(30), Duration.ofMinutes(30), 10),
				new SmtpProperties.Breaker(3, COOL_DOWN));
	}

}

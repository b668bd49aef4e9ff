package nl.tijdig.notifier.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import nl.tijdig.events.MessageKind;
import nl.tijdig.notifier.smtp.SendResult;
import nl.tijdig.notifier.smtp.SendResult.Refusal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The hand-over timer's {@code outcome} tag: dashboards and alerts know the relay's
 * answers by these names.
 */
class DeliveryMetricsTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final DeliveryMetrics metrics = new DeliveryMetrics(this.meters, null, Clock.systemUTC());

	private final Delivery delivery = new Delivery(UUID.randomUUID(), "wave:14d", UUID.randomUUID(),
			MessageKind.WAVE_REMINDER, "14d", Instant.now(), 1, UUID.randomUUID());

	@Test
	void eachResultIsTimedUnderItsOwnOutcome() {
		handOver(new SendResult.Accepted());
		handOver(new SendResult.InDoubt("connection lost after the message was sent: SocketException"));
		handOver(refused(Refusal.TRANSIENT));
		handOver(refused(Refusal.ADDRESS));
		handOver(refused(Refusal.MESSAGE));
		handOver(refused(Refusal.POLICY));
		handOver(refused(Refusal.POLICY));

		assertThat(sent("SENT")).isEqualTo(1);
		assertThat(sent("IN_DOUBT")).isEqualTo(1);
		assertThat(sent("TRANSIENT")).isEqualTo(1);
		assertThat(sent("REFUSED_ADDRESS")).isEqualTo(1);
		assertThat(sent("REFUSED")).isEqualTo(1);
		assertThat(sent("REFUSED_BY_POLICY")).isEqualTo(2);
	}

	@Test
	void aHandOverThatBreaksIsTimedAsAnError() {
		assertThatIllegalStateException().isThrownBy(() -> this.metrics.handOver(this.delivery, () -> {
			throw new IllegalStateException("broken");
		}));

		assertThat(sent("ERROR")).isEqualTo(1);
	}

	private void handOver(SendResult result) {
		assertThat(this.metrics.handOver(this.delivery, () -> result)).isSameAs(result);
	}

	private long sent(String outcome) {
		return this.meters.get("tijdig.notifier.send")
			.tag("kind", "WAVE_REMINDER")
			.tag("outcome", outcome)
			.timer()
			.count();
	}

	private static SendResult refused(Refusal refusal) {
		return new SendResult.Refused(refusal, "refused (reply 550)", true, "550 refused");
	}

}

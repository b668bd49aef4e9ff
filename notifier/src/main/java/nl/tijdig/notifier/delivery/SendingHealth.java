package nl.tijdig.notifier.delivery;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code sending} in {@code /actuator/health}: {@code PAUSED}, with since when and the
 * relay's last reply, while a run of policy refusals holds sending back. Not
 * {@code DOWN}: the instance works as it should, and restarting it would not change the
 * relay's mind; the aggregate status stays what the other indicators say.
 */
@Component("sendingHealthIndicator")
class SendingHealth implements HealthIndicator {

	static final Status PAUSED = new Status("PAUSED", "The relay refuses for reasons of its own; sending is paused");

	private final RelayBreaker breaker;

	SendingHealth(RelayBreaker breaker) {
		this.breaker = breaker;
	}

	@Override
	public Health health() {
		RelayBreaker.Pause pause = this.breaker.pause();
		if (pause == null) {
			return Health.up().build();
		}
		return Health.status(PAUSED)
			.withDetail("since", pause.since().toString())
			.withDetail("refusals", pause.refusals())
			.withDetail("relayReply", String.valueOf(pause.relayReply()))
			.build();
	}

}

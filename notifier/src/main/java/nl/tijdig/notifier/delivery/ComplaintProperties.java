package nl.tijdig.notifier.delivery;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The complaint breaker: when a campaign's readers complain too often, its sending pauses
 * until an operator resumes it.
 *
 * @param maxRate complaints per message sent above which a campaign pauses: 0.001 is 0.1
 * %, where the big mailbox providers ask bulk senders to stay (they start refusing at
 * about 0.3 %)
 * @param minSent messages a campaign must have sent (since its last resume) before its
 * rate may pause it: below that, one complaint alone would be above any sensible rate. At
 * the defaults it takes 2 complaints in 1 000 messages, 3 in 2 000
 * @param checkEvery how often the rates are counted again without a new complaint (a
 * campaign whose early complaints came before it had sent {@code minSent}), and the
 * per-campaign gauges refreshed
 */
@Validated
@ConfigurationProperties("tijdig.notifier.complaints")
record ComplaintProperties(@DefaultValue("0.001") @DecimalMin("0") @DecimalMax("1") double maxRate,
		@DefaultValue("1000") @Min(1) long minSent, @DefaultValue("1m") Duration checkEvery) {

	/** Whether so many complaints against so many messages pause a campaign. */
	boolean tooMany(long complaints, long sent) {
		return sent >= this.minSent && complaints > this.maxRate * sent;
	}

}

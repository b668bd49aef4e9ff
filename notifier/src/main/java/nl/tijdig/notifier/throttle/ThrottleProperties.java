package nl.tijdig.notifier.throttle;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The send rate of all instances together.
 *
 * @param enabled whether to throttle at all
 * @param relay the bucket's name: instances that send through the same relay share it
 * @param rate messages per second, over all instances
 * @param burst how many messages may go at once after a quiet spell (the bucket's size)
 */
@Validated
@ConfigurationProperties("tijdig.notifier.throttle")
record ThrottleProperties(@DefaultValue("true") boolean enabled, @DefaultValue("default") @NotBlank String relay,
		@DefaultValue("20") @DecimalMin("0.01") double rate, @DefaultValue("20") @Min(1) int burst) {

}

package nl.tijdig.api.subscription;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When the subscribers of campaigns past their {@code data_erasure_at} are erased.
 *
 * @param checkEvery how long one run waits after the previous one ended; the first starts
 * as long after start-up
 * @param batchSize subscribers erased in one transaction
 */
@ConfigurationProperties("tijdig.erasure")
@Validated
record ErasureProperties(@DefaultValue("10m") @NotNull Duration checkEvery,
		@DefaultValue("500") @Positive int batchSize) {

}

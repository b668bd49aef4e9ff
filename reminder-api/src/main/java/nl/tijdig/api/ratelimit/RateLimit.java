package nl.tijdig.api.ratelimit;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** At most {@code count} in any {@code per}, refilled gradually; set both. */
public record RateLimit(@Min(1) long count, @NotNull Duration per) {
}

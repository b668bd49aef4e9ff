package nl.tijdig.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An operator asks the notifier to write to an address again that it suppressed by
 * mistake (say, after a relay refused it for reasons of its own). Carries the address, so
 * its topic keeps records only briefly ({@code tijdig.topics.previews-retention}).
 *
 * @param address the address as the operator typed it, already checked as a sign-up
 * address is
 */
public record SuppressionLiftRequested(UUID id, Instant time, int schemaVersion,
		String address) implements TijdigEvent {

	public static final int SCHEMA_VERSION = 1;

	public static SuppressionLiftRequested of(String address, Instant time) {
		return new SuppressionLiftRequested(UUID.randomUUID(), time, SCHEMA_VERSION, address);
	}

}

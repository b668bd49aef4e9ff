package nl.tijdig.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN while a listener holds a partition back because the database, the broker or a
 * relay is away, naming each partition, the record it waits with, since when and the last
 * error (no personal data); UP again once the record went through. An instance that is
 * DOWN here is still working: it waits, and loses nothing.
 */
class HeldPartitionsHealthIndicator implements HealthIndicator {

	private final HeldPartitions heldPartitions;

	HeldPartitionsHealthIndicator(HeldPartitions heldPartitions) {
		this.heldPartitions = heldPartitions;
	}

	@Override
	public Health health() {
		List<HeldPartitions.Hold> holds = this.heldPartitions.current();
		if (holds.isEmpty()) {
			return Health.up().build();
		}
		List<Map<String, Object>> held = holds.stream().map(HeldPartitionsHealthIndicator::describe).toList();
		return Health.down().withDetail("held", held).build();
	}

	private static Map<String, Object> describe(HeldPartitions.Hold hold) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("group", hold.group());
		details.put("topic", hold.topic());
		details.put("partition", hold.partition());
		details.put("offset", hold.offset());
		details.put("since", hold.since().toString());
		details.put("lastError", hold.lastError());
		return details;
	}

}

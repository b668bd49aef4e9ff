package nl.tijdig.scheduler.fanout;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReminderIdsTests {

	@Test
	void givesTheIdTheJavaRuntimeGivesForTheSameName() {
		String[] keys = { "wave:14d", "wave:2h", "goodbye", "confirmation:2", "wave:\u00e9t\u00e9", "" };
		for (int i = 0; i < 5_000; i++) {
			UUID campaign = UUID.randomUUID();
			UUID subscriber = UUID.randomUUID();
			String key = keys[i % keys.length];
			UUID expected = UUID
				.nameUUIDFromBytes((campaign + "/" + subscriber + "/" + key).getBytes(StandardCharsets.UTF_8));
			assertThat(ReminderIds.of(campaign, subscriber, key)).isEqualTo(expected);
		}
	}

	@Test
	void isTheSameForTheSameSubscriberAndMessageAndDiffersForAnother() {
		UUID campaign = UUID.randomUUID();
		UUID subscriber = UUID.randomUUID();
		assertThat(ReminderIds.of(campaign, subscriber, "wave:14d"))
			.isEqualTo(ReminderIds.of(campaign, subscriber, "wave:14d"));
		assertThat(ReminderIds.of(campaign, subscriber, "wave:14d"))
			.isNotEqualTo(ReminderIds.of(campaign, subscriber, "wave:7d"));
	}

}

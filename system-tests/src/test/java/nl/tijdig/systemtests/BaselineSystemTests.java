package nl.tijdig.systemtests;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * No fault: the yardstick for the others, and the proof that the oracle counts what the
 * platform does on a good day.
 */
class BaselineSystemTests {

	@Test
	void everyConfirmedSubscriberGetsEveryMessageDueOnce() {
		Scenario.run(1, "baseline", "baseline, no fault", (platform, campaign, wave, random) -> Duration.ZERO);
	}

}

package nl.tijdig.systemtests;

import java.time.Duration;
import java.util.List;

/**
 * What the oracle found for one run of a scenario.
 *
 * @param scenario the scenario's name
 * @param expected messages due to confirmed subscribers
 * @param captured of those, the ones the SMTP server received at least once
 * @param lost neither received nor reported in doubt
 * @param duplicated copies received beyond the first
 * @param inDoubt not received and reported in doubt by the notifier
 * @param withheld due, but rightly not sent (the subscriber unsubscribed or was erased,
 * the relay said the mailbox does not exist, or the notifier withdrew it because the
 * deadline came or the next wave started first), and not received
 * @param sentAnyway to be withheld, and received all the same
 * @param logDisagrees messages on which the delivery log and the SMTP server disagree
 * (sent but not logged as sent, or the other way round)
 * @param recovery from the fault until the wave it hit was complete again
 * @param lostExamples some of the lost messages, with their state in the delivery log
 * @param duplicateExamples some of the messages received more than once, with the times,
 * and of those sent anyway
 * @param disagreementExamples some of the disagreements
 */
record Verdict(String scenario, int expected, int captured, int lost, int duplicated, int inDoubt, int withheld,
		int sentAnyway, int logDisagrees, Duration recovery, List<String> lostExamples, List<String> duplicateExamples,
		List<String> disagreementExamples) {

	@Override
	public String toString() {
		return "%s: expected %d, captured %d, lost %d, duplicated %d, in doubt %d, withheld %d, sent anyway %d, log disagrees on %d, recovered in %.1f s%s%s%s"
			.formatted(this.scenario, this.expected, this.captured, this.lost, this.duplicated, this.inDoubt,
					this.withheld, this.sentAnyway, this.logDisagrees, this.recovery.toMillis() / 1000.0,
					this.lostExamples.isEmpty() ? "" : "\n  lost, e.g. " + String.join("\n    ", this.lostExamples),
					this.duplicateExamples.isEmpty() ? ""
							: "\n  duplicated, e.g. " + String.join("\n    ", this.duplicateExamples),
					this.disagreementExamples.isEmpty() ? ""
							: "\n  log disagrees, e.g. " + String.join("\n    ", this.disagreementExamples));
	}

}

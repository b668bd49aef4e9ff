package nl.tijdig.api.console.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows of one campaign; also the JSON it polls.
 *
 * @param funnel how often each step happened: signedUp, confirmed, switchedOff,
 * unsubscribed, erased
 * @param deliveries per message kind, the count per outcome
 * @param waves each wave of the definition, in the order they go out
 * @param timeline the funnel over time
 * @param pacing whether what is still to be sent will go out before the deadline
 * @param rates how many of the messages sent bounced or were complained about
 * @param consumers how far each service is behind on the topics: the same for every
 * campaign, since the services consume every campaign's events together
 */
record CampaignNumbers(Instant asOf, Map<String, Long> funnel, Map<String, Map<String, Long>> deliveries,
		List<WaveNumbers> waves, Timeline timeline, Pacing pacing, Rates rates, ConsumerLag consumers) {

	/**
	 * Bounces and complaints against the messages the relay accepted, the numbers mailbox
	 * providers judge a sender by (complaints: under 0.1 %, never 0.3 %).
	 *
	 * @param sent messages the relay accepted, those that bounced later included
	 * @param bounced messages reported undeliverable after they were sent
	 * @param complained messages a reader marked as spam; each complainant is
	 * unsubscribed and their address suppressed
	 * @param bouncePercent {@code bounced} per {@code sent}, in percent, two decimals
	 * @param complaintPercent {@code complained} per {@code sent}, in percent, two
	 * decimals
	 */
	record Rates(long sent, long bounced, long complained, double bouncePercent, double complaintPercent) {
	}

	/**
	 * The send rate and what it means for the messages still pending.
	 *
	 * @param sentPerMinute messages sent per minute over the last
	 * {@link ReadModel#RATE_WINDOW}
	 * @param pending messages of every wave asked for and not reported yet
	 * @param expectedDoneAt when the pending messages will have gone out at this rate;
	 * {@code null} when none are pending or nothing is being sent
	 * @param late whether they will not all go out before the deadline at this rate
	 */
	record Pacing(double sentPerMinute, long pending, Instant expectedDoneAt, boolean late) {
	}

	/**
	 * The funnel's running totals at the end of each minute (or hour, for a long
	 * campaign) in which something happened, in the columns a chart reads.
	 *
	 * @param times seconds since the epoch
	 * @param totals per step, the running total at each of the times
	 */
	record Timeline(List<Long> times, Map<String, List<Long>> totals) {
	}

	/**
	 * One wave.
	 *
	 * @param fannedOut reminders the scheduler has asked for so far
	 * @param pending reminders asked for whose outcome has not been reported yet
	 */
	record WaveNumbers(String key, Instant dueAt, Instant startedAt, long fannedOut, Instant finishedAt, long sent,
			long suppressed, long bounced, long failed, long inDoubt, long withdrawn, long pending) {
	}

}

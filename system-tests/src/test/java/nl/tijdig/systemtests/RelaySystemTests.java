package nl.tijdig.systemtests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.ScriptedSmtpServer;
import nl.tijdig.testinfra.ScriptedSmtpServer.Behaviour;
import nl.tijdig.testinfra.ScriptedSmtpServer.Script;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No process fails; everything else does, in one wave. The relay refuses the whole wave
 * for its own reasons at first (554 5.7.1) until the notifier pauses; then, once it takes
 * mail again, it misbehaves per recipient: 451 and 421 at {@code RCPT TO} and after the
 * body, 550 5.1.1 (a mailbox that does not exist), no reply after the body, a reply
 * slower than the notifier's read timeout, connections dropped at {@code RCPT TO}, the
 * next connection greeted with 421, the next {@code MAIL FROM} refused with 451 or 421.
 * Meanwhile some subscribers unsubscribe or have their data erased after their reminder
 * was claimed (the relay holds them off until then), poison records land among the
 * reminders, and the audience's first address was signed up by 100 visitors at once.
 * Everybody gets the wave once, but those the relay said have no mailbox and those who
 * left, who get nothing more; the policy refusal suppresses nobody.
 */
class RelaySystemTests {

	private static final String HOLD = "451 4.7.1 <%s>: greylisted, try again later";

	/** Subscribers who get a script. */
	private static final int SCRIPTED = 34;

	@Test
	void aMisbehavingRelayAndSubscribersLeavingMidWaveLoseNothingAndSendNothingTwiceOrAnyway() {
		Scenario.run(7, "relay",
				"relay trouble per recipient (4xx and 421 at each step, 5.1.1, no reply, slow reply, dropped), "
						+ "a 5.7.1 wave, unsubscribe and erasure after the claim, 100 sign-ups of one address at once, "
						+ "poison records",
				Scenario.Shape.DEFAULT.withSignUpsOfFirst(100), RelaySystemTests::misbehave);
	}

	private static Duration misbehave(Platform platform, CampaignRun campaign, CampaignRun.Wave wave, Random random) {
		ScriptedSmtpServer smtp = platform.smtp();
		String crowded = campaign.slug() + "-0@example.org";
		assertThat(campaign.database()
			.queryPatiently("select count(*) from reminder_api.subscriber where email = ?", (row) -> row.getInt(1),
					crowded)
			.get(0)).as("subscribers for one address signed up 100 times at once").isEqualTo(1);
		// A script strikes at the recipient's next attempt: only those who have had their
		// welcome get one.
		Scenario.await("welcomes for the scripted subscribers",
				Duration.between(Instant.now(), wave.dueAt().minusSeconds(2)),
				() -> campaign.welcomed().size() > SCRIPTED);
		List<UUID> ids = campaign.welcomed();
		ids.removeIf((id) -> campaign.subscribers().get(id).equals(crowded));
		Collections.shuffle(ids, random);
		Scripts scripts = new Scripts(smtp, campaign, ids.iterator());
		scripts.add(3, Script.atRecipient("451 4.3.0 <%s>: try again later"), 2);
		scripts.add(3, Script.atRecipient("421 4.3.2 <%s>: closing, try again later"), 1);
		scripts.add(3, Script.afterBody("451 4.3.0 queue full, try again later"), 2);
		scripts.add(3, Script.afterBody("421 4.3.2 shutting down"), 1);
		scripts.add(3, Script.dropAtRecipient(), 1);
		scripts.add(2, Script.nextConnection("421 4.3.2 too many connections"), 1);
		scripts.add(2, Script.nextSender("451 4.3.0 sender deferred"), 1);
		scripts.add(2, Script.nextSender("421 4.3.2 closing"), 1);
		List<UUID> noMailbox = scripts.add(3, Script.atRecipient("550 5.1.1 <%s>: no such user"), Integer.MAX_VALUE);
		List<UUID> noReply = scripts.add(2, Script.hangUpAfterBody(), 1);
		// Later than the notifier's read timeout (2 s): the relay has it, the notifier
		// cannot know.
		List<UUID> slow = scripts.add(2, Script.slowReply(Duration.ofSeconds(4)), 1);
		List<UUID> unsubscribing = scripts.add(3, Script.atRecipient(HOLD), Integer.MAX_VALUE);
		List<UUID> erased = scripts.add(3, Script.atRecipient(HOLD), Integer.MAX_VALUE);
		for (UUID id : noMailbox) {
			campaign.withhold(id, wave.messageKey(), "goodbye");
		}
		for (UUID id : unsubscribing) {
			campaign.withhold(id, wave.messageKey(), "goodbye");
		}
		for (UUID id : erased) {
			campaign.withhold(id, wave.messageKey(), "goodbye");
		}
		campaign.allowInDoubt(noReply.size());

		long reminderDeadLetters = platform.kafka().deadLetters(Topics.REMINDERS + "-dlt");
		long deadLetters = platform.kafka().deadLetters();
		Scenario.sleepUntil(wave.dueAt().minusSeconds(1));
		int triedBefore = smtp.recipients();
		smtp.behave(Behaviour.NORMAL.refusingRecipients("554 5.7.1 <%s>: relay access denied"));
		List<byte[]> poison = List.of("not an event".getBytes(StandardCharsets.UTF_8),
				"{\"subscriberId\":".getBytes(StandardCharsets.UTF_8), new byte[] { 0, (byte) 0xff, 0x7f, 3 },
				"{}".getBytes(StandardCharsets.UTF_8), "[1,2,3]".getBytes(StandardCharsets.UTF_8));
		for (byte[] record : poison) {
			platform.kafka().write(Topics.REMINDERS, UUID.randomUUID().toString(), record);
		}
		Scenario.await("the notifier to pause its sending", Duration.ofSeconds(60),
				() -> String.valueOf(platform.notifier().get("/actuator/health")).contains("PAUSED"));
		int refused = smtp.recipients() - triedBefore;
		smtp.behave(Behaviour.NORMAL);
		System.out.printf("the relay refused %d recipients by policy before the notifier paused%n", refused);
		Instant relayBack = Instant.now();

		Scenario.await("the held subscribers to be tried", Duration.ofSeconds(60),
				() -> unsubscribing.stream().allMatch((id) -> scripts.tried(id))
						&& erased.stream().allMatch((id) -> scripts.tried(id)));
		unsubscribing.forEach((id) -> campaign.follow(id, "unsubscribe"));
		erased.forEach((id) -> campaign.follow(id, "forget"));
		Scenario.await("the notifier to learn who left", Duration.ofSeconds(60),
				() -> unsubscribing.stream().allMatch((id) -> notifierKnows(campaign, id, "UNSUBSCRIBED"))
						&& erased.stream().allMatch((id) -> notifierKnows(campaign, id, "ERASED")));
		unsubscribing.forEach(scripts::release);
		erased.forEach(scripts::release);

		Duration recovery = Scenario.awaitWave(campaign, wave, relayBack);
		for (UUID id : unsubscribing) {
			awaitState(campaign, id, wave, "SUPPRESSED");
		}
		for (UUID id : erased) {
			awaitState(campaign, id, wave, "SUPPRESSED");
		}
		// The wave is settled without them (they are withheld); one the relay refused by
		// policy while it paused is still waiting for its retry.
		for (UUID id : noMailbox) {
			awaitState(campaign, id, wave, "FAILED");
		}
		for (UUID id : noReply) {
			assertThat(campaign.deliveryState(id, wave.messageKey())).as("no reply after the body")
				.contains("IN_DOUBT");
			assertThat(campaign.copies(id, wave.messageKey())).as("no reply after the body").isZero();
		}
		for (UUID id : slow) {
			// The relay had it before the notifier gave up waiting: the wave can count as
			// settled before the mark.
			awaitState(campaign, id, wave, "IN_DOUBT");
			assertThat(campaign.copies(id, wave.messageKey())).as("a reply after the read timeout").isEqualTo(1);
		}
		assertThat(refused).as("policy refusals before the pause").isGreaterThanOrEqualTo(5);
		assertThat(campaign.database()
			.queryPatiently(
					"select count(*) from notifier.delivery where campaign_id = ? and message_key = ? and state = 'FAILED'",
					(row) -> row.getInt(1), campaign.campaignId(), wave.messageKey())
			.get(0)).as("failed for good: only the mailboxes that do not exist").isEqualTo(noMailbox.size());
		Scenario.await("the poison records on " + Topics.REMINDERS + "-dlt", Duration.ofSeconds(60),
				() -> platform.kafka().deadLetters(Topics.REMINDERS + "-dlt") >= reminderDeadLetters + poison.size());
		assertThat(platform.kafka().deadLetters()).as("dead letters: the poison records and nothing else")
			.isEqualTo(deadLetters + poison.size());
		return recovery;
	}

	/** Whether the notifier's projection has the subscriber unsubscribed, or erased. */
	private static boolean notifierKnows(CampaignRun campaign, UUID id, String state) {
		if (state.equals("ERASED")) {
			return !campaign.database()
				.queryPatiently("select 1 from notifier.erased_recipient where subscriber_id = ?", (row) -> 1, id)
				.isEmpty();
		}
		return campaign.database()
			.queryPatiently("select status from notifier.recipient where subscriber_id = ?", (row) -> row.getString(1),
					id)
			.contains(state);
	}

	private static void awaitState(CampaignRun campaign, UUID id, CampaignRun.Wave wave, String state) {
		Scenario.await(wave.messageKey() + " to " + id + " " + state, Duration.ofSeconds(60),
				() -> campaign.deliveryState(id, wave.messageKey()).filter(state::equals).isPresent());
	}

	/** Scripts for subscribers taken in turn from a shuffled audience. */
	private static final class Scripts {

		private final ScriptedSmtpServer smtp;

		private final CampaignRun campaign;

		private final Iterator<UUID> subscribers;

		Scripts(ScriptedSmtpServer smtp, CampaignRun campaign, Iterator<UUID> subscribers) {
			this.smtp = smtp;
			this.campaign = campaign;
			this.subscribers = subscribers;
		}

		List<UUID> add(int count, Script script, int times) {
			List<UUID> taken = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				UUID id = this.subscribers.next();
				this.smtp.script(this.campaign.subscribers().get(id), script, times);
				taken.add(id);
			}
			return taken;
		}

		boolean tried(UUID id) {
			return this.smtp.scripted(this.campaign.subscribers().get(id)) > 0;
		}

		void release(UUID id) {
			this.smtp.unscript(this.campaign.subscribers().get(id));
		}

	}

}

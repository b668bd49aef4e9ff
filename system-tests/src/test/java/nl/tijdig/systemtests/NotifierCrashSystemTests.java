package nl.tijdig.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import nl.tijdig.testinfra.ScriptedSmtpServer.Received;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier is killed ({@code SIGKILL}) while a wave is being sent, at the worst
 * moment: the relay has a message's body and the notifier waits for the reply. It is
 * started again: what it had taken but not sent waits out its lease and goes, the message
 * the relay took at the kill is reported in doubt and never sent again.
 */
class NotifierCrashSystemTests {

	@Test
	void aNotifierKilledBetweenABodyAndItsReplyLosesNothingAndSendsNothingTwice() {
		Scenario.run(2, "notifier-kill", "notifier SIGKILL mid-batch, between a body and its reply, restarted",
				(platform, campaign, wave, random) -> {
					int audience = campaign.audience();
					int target = audience / 4 + random.nextInt(audience / 4);
					AtomicBoolean killed = new AtomicBoolean();
					AtomicInteger receivedBefore = new AtomicInteger();
					CountDownLatch done = new CountDownLatch(1);
					// On the relay's session thread, after a body and before the
					// reply: the notifier dies waiting for it.
					platform.smtp().beforeAccepting(() -> {
						if (campaign.received(wave.messageKey()) >= target && killed.compareAndSet(false, true)) {
							receivedBefore.set(platform.smtp().received().size());
							platform.notifier().kill();
							done.countDown();
						}
					});
					Instant fault;
					try {
						assertThat(done.await(90, TimeUnit.SECONDS)).as("the wave reached %d subscribers", target)
							.isTrue();
						fault = Instant.now();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(ex);
					}
					finally {
						platform.smtp().beforeAccepting(() -> {
						});
					}
					assertThat(campaign.received(wave.messageKey())).as("killed before the wave was sent")
						.isLessThan(audience);
					platform.notifier().start();
					platform.notifier().awaitUp(Platform.START_TIMEOUT);
					Duration recovery = Scenario.awaitWave(campaign, wave, fault);
					// The body the relay had at the kill: received, and in doubt
					// in the log.
					List<Received> received = platform.smtp().received();
					Received atKill = received.get(receivedBefore.get());
					// Marked so once its lease has run out and a sending thread looks.
					long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
					String state = campaign.deliveryLogState(atKill.messageId()).orElse(null);
					while (!"IN_DOUBT".equals(state) && System.nanoTime() < until) {
						Service.sleep(500);
						state = campaign.deliveryLogState(atKill.messageId()).orElse(null);
					}
					System.out.println("the relay had " + atKill.messageId() + " at the kill; the log says " + state);
					assertThat(state).as("the message whose reply the kill cut off").isEqualTo("IN_DOUBT");
					return recovery;
				});
	}

}

package nl.tijdig.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.message.MessageLinks;
import nl.tijdig.notifier.message.RenderedMessage;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.notifier.smtp.SmtpFixtures;
import nl.tijdig.notifier.smtp.SmtpProperties;
import nl.tijdig.testinfra.ScriptedSmtpServer;
import nl.tijdig.testinfra.ScriptedSmtpServer.Behaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test sends against a relay that answers as these tests want: what the operator is told,
 * and that it never repeats the address.
 */
class TestSendsTests {

	private static final String ADDRESS = "operator@example.test";

	private final ScriptedSmtpServer server = ScriptedSmtpServer.start();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final TestSends testSends = testSends();

	private final Recipient standIn = new Recipient(UUID.randomUUID(), UUID.randomUUID(), null, Language.EN,
			SubscriptionStatus.CONFIRMED, Instant.now());

	private final Campaign campaign = new Campaign(UUID.randomUUID(), "example-photos",
			CampaignPublished.Status.PUBLISHED, "Example Net", Instant.parse("2031-03-15T00:00:00Z"),
			ZoneId.of("Europe/Amsterdam"), List.of(), Map.of(), 1, null);

	private final RenderedMessage message = new RenderedMessage(Language.EN, "Subject", "Text", "<p>HTML</p>",
			new MessageLinks("https://t.test/confirm?token=c", "https://t.test/unsubscribe?token=u",
					"https://t.test/done?token=d", "https://t.test/forget?token=f", "https://t.test/my-data?token=e"));

	@AfterEach
	void stop() throws Exception {
		this.server.close();
	}

	@Test
	void anAcceptedTestEmailIsSentOverAConnectionOfItsOwnThatCounts() {
		TestSends.Outcome outcome = this.testSends.send(ADDRESS, this.standIn, this.campaign, this.message, "preview");

		assertThat(outcome).isEqualTo(new TestSends.Outcome(true, null));
		assertThat(this.server.received().size()).isEqualTo(1);
		assertThat(this.meters.counter("tijdig.notifier.smtp.connections").count()).isEqualTo(1);
	}

	@Test
	void theRelaysRefusalIsPassedOnWithoutTheAddressItQuotes() {
		this.server
			.behave(Behaviour.NORMAL.refusingRecipients("550 5.1.1 <%s>: Recipient address rejected: User unknown"));

		TestSends.Outcome outcome = this.testSends.send(" " + ADDRESS + " ", this.standIn, this.campaign, this.message,
				"preview");

		assertThat(outcome.sent()).isFalse();
		assertThat(outcome.detail()).isEqualTo("The SMTP server did not take the test email: recipient refused "
				+ "(reply 550 5.1.1): 550 5.1.1 <[address]>: Recipient address rejected: User unknown");
		assertThat(this.server.received().size()).isZero();
	}

	@Test
	void anAddressThatWouldAddAHeaderIsRefusedBeforeAnyConnection() {
		TestSends.Outcome outcome = this.testSends.send(ADDRESS + "\nBcc: other@example.test", this.standIn,
				this.campaign, this.message, "preview");

		assertThat(outcome.sent()).isFalse();
		assertThat(outcome.detail()).contains("line break").doesNotContain("example.test");
		assertThat(this.server.connections()).isZero();
	}

	private TestSends testSends() {
		JavaMailSenderImpl mail = new JavaMailSenderImpl();
		mail.setHost("127.0.0.1");
		mail.setPort(this.server.port());
		SmtpProperties properties = new SmtpProperties(1, 10, Duration.ofSeconds(2), Duration.ofSeconds(2),
				Duration.ofSeconds(2), SmtpProperties.Tls.NONE, true, Duration.ofSeconds(30), 100,
				Duration.ofSeconds(1), Duration.ofMinutes(1),
				new SmtpProperties.Retry(Duration.ofSeconds(1), Duration.ofSeconds(10), 3),
				new SmtpProperties.Breaker(5, Duration.ofMinutes(5)));
		return new TestSends(SmtpFixtures.mailer(), SmtpFixtures.relay(mail, properties, this.meters));
	}

}

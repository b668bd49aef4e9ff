package nl.tijdig.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.CampaignPublished.Content;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.NotifierApplication;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.campaign.Campaigns;
import nl.tijdig.notifier.message.Messages;
import nl.tijdig.notifier.message.RenderedMessage;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.testinfra.Infrastructure;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Emails per second end to end (Kafka → claim → SMTP → marked sent) into an SMTP sink,
 * with the embedded Kafka and PostgreSQL of the tests. Not a test: run it by hand.
 *
 * <pre>
 * smtp-sink -u nobody 127.0.0.1:2525 1000 &amp;
 * ./mvnw -q -pl bench -am spring-boot:run -Dspring-boot.run.main-class=nl.tijdig.bench.SendBenchmark \
 *     -Dspring-boot.run.arguments="2000 2 4 2525"
 * </pre>
 *
 * Arguments: messages (2000), message size in KB (2), SMTP connections (4), sink port
 * (2525). Compare with {@code time smtp-source -d -s 4 -m 2000 -l 2048 127.0.0.1:2525}.
 */
public final class SendBenchmark {

	private SendBenchmark() {
	}

	@SuppressWarnings("unchecked")
	public static void main(String[] args) throws Exception {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		int sizeKb = (args.length > 1) ? Integer.parseInt(args[1]) : 2;
		int connections = (args.length > 2) ? Integer.parseInt(args[2]) : 4;
		int sinkPort = (args.length > 3) ? Integer.parseInt(args[3]) : 2525;
		Infrastructure infrastructure = Infrastructure.shared();
		List<String> properties = new ArrayList<>();
		// Kafka and PostgreSQL of the tests, the sink instead of their SMTP server.
		infrastructure.springProperties()
			.forEach((key, value) -> properties.add(key.startsWith("spring.mail.") ? "" : "--" + key + "=" + value));
		properties.removeIf(String::isEmpty);
		properties.addAll(List.of("--spring.mail.host=127.0.0.1", "--spring.mail.port=" + sinkPort, "--server.port=0",
				"--tijdig.notifier.throttle.enabled=false", "--tijdig.notifier.smtp.tls=NONE",
				"--tijdig.notifier.smtp.concurrency=" + connections, "--tijdig.notifier.smtp.batch-size=50",
				"--tijdig.notifier.smtp.max-messages-per-connection=100000",
				"--tijdig.notifier.smtp.poll-interval=50ms", "--logging.level.root=warn"));
		try (ConfigurableApplicationContext context = NotifierApplication.builder()
			.run(properties.toArray(String[]::new))) {
			KafkaTemplate<Object, Object> kafka = context.getBean(KafkaTemplate.class);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			UUID campaignId = UUID.randomUUID();

			String risk = "You lose control.";
			publishCampaign(kafka, campaignId, risk);
			awaitCount(jdbc, "select count(*) from campaign where campaign_id = ?", campaignId, 1);
			int base = size(context, campaignId);
			String padded = risk + " " + "x".repeat(Math.max(0, (sizeKb * 1024 - base) / 2));
			publishCampaign(kafka, campaignId, padded);
			int size = awaitSize(context, campaignId, base);

			List<UUID> subscribers = new ArrayList<>();
			List<CompletableFuture<?>> sends = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				UUID subscriberId = UUID.randomUUID();
				subscribers.add(subscriberId);
				sends.add(kafka.send(Topics.SUBSCRIBERS, subscriberId.toString(),
						SubscriptionChanged.of(subscriberId, campaignId, "bench-" + subscriberId + "@example.test",
								Language.EN, SubscriptionStatus.CONFIRMED, SubscriptionChanged.Change.CONFIRMED, null,
								Instant.now().minusSeconds(60))));
			}
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
			awaitCount(jdbc, "select count(*) from recipient where campaign_id = ?", campaignId, count);

			com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
				.getOperatingSystemMXBean();
			long cpuBefore = os.getProcessCpuTime();
			long started = System.nanoTime();
			sends.clear();
			for (UUID subscriberId : subscribers) {
				sends.add(kafka.send(Topics.REMINDERS, subscriberId.toString(), ReminderRequested.of(subscriberId,
						campaignId, MessageKind.WAVE_REMINDER, "wave:14d", "14d", Instant.now())));
			}
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
			awaitCount(jdbc, "select count(*) from delivery where campaign_id = ? and state = 'SENT'", campaignId,
					count);
			double seconds = (System.nanoTime() - started) / 1e9;
			double cpuMs = (os.getProcessCpuTime() - cpuBefore) / 1e6;
			System.out.printf(
					"%n%d emails of ~%d bytes over %d connections: %.1f s, %.0f emails/s, "
							+ "%.2f ms CPU per email (this JVM: notifier and Kafka broker; PostgreSQL not counted)%n%n",
					count, size, connections, seconds, count / seconds, cpuMs / count);
		}
		System.exit(0);
	}

	private static int size(ConfigurableApplicationContext context, UUID campaignId) {
		Campaign campaign = context.getBean(Campaigns.class).findById(campaignId).orElseThrow();
		RenderedMessage message = context.getBean(Messages.class)
			.render(MessageKind.WAVE_REMINDER, "14d", new Recipient(UUID.randomUUID(), campaignId, "bench@example.test",
					Language.EN, SubscriptionStatus.CONFIRMED, Instant.now()), campaign);
		// Headers and MIME structure add about a kilobyte to the two parts.
		return message.text().length() + message.html().length() + 1024;
	}

	private static int awaitSize(ConfigurableApplicationContext context, UUID campaignId, int base)
			throws InterruptedException {
		for (int i = 0; i < 600; i++) {
			int size = size(context, campaignId);
			if (size != base) {
				return size;
			}
			Thread.sleep(50);
		}
		return base;
	}

	private static void awaitCount(JdbcClient jdbc, String sql, UUID campaignId, int count)
			throws InterruptedException {
		while (jdbc.sql(sql).param(campaignId).query(Integer.class).single() < count) {
			Thread.sleep(20);
		}
	}

	private static void publishCampaign(KafkaTemplate<Object, Object> kafka, UUID campaignId, String risk) {
		kafka
			.send(Topics.CAMPAIGNS, campaignId.toString(), new CampaignPublished(UUID.randomUUID(), Instant.now(),
					CampaignPublished.SCHEMA_VERSION, campaignId, "bench-" + campaignId.toString().substring(0, 8),
					CampaignPublished.Status.PUBLISHED, "Testnet", Instant.now().plus(Duration.ofDays(10)),
					"Europe/Amsterdam", List.of(new Wave("14d", Duration.ofDays(14), LocalTime.of(9, 0))),
					Map.of(Language.EN,
							new Content("Testnet and your data", "Testnet wants to use your data.",
									List.of("Open the settings", "Switch it off"), "https://testnet.example/settings",
									List.of(risk), "Your profile.")),
					1, Instant.now().plus(Duration.ofDays(60))))
			.join();
	}

}

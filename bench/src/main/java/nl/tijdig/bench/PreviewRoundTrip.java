package nl.tijdig.bench;

import java.time.Duration;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.notifier.NotifierApplication;
import nl.tijdig.testinfra.ConsoleClient;

/**
 * The console benchmark's last pair: how long a preview takes there and back (console,
 * Kafka, notifier, Kafka, console), against the preview page without a message chosen,
 * which asks nobody. The notifier runs in this JVM, its SMTP server the embedded one.
 */
final class PreviewRoundTrip {

	private PreviewRoundTrip() {
	}

	static void run(String[] args, Infrastructure infrastructure, int port, Campaign campaign, ConsoleClient browser,
			int previews, int rounds, Cpu cpu) throws Exception {
		try (ConfigurableApplicationContext notifier = NotifierApplication.builder()
			.initializers(infrastructure.initializer())
			.run(SignUpBenchmark.arguments(args, "--server.port=0", "--logging.level.root=warn",
					"--logging.include-application-name=false", "--tijdig.links.base-url=http://localhost:" + port))) {
			// A preview needs neither; left running they would spend the next minutes
			// catching up on the events published before beside the previews measured.
			KafkaListenerEndpointRegistry notifierListeners = notifier.getBean(KafkaListenerEndpointRegistry.class);
			List.of("notifier-subscribers", "notifier-reminders")
				.forEach((id) -> notifierListeners.getListenerContainer(id).pause());
			String formPath = "/admin/campaigns/" + campaign.id() + "/preview";
			String previewPath = formPath + "?kind=WELCOME&language=NL";
			awaitPreview(browser, previewPath, Duration.ofMinutes(2));
			Rounds.pair("preview round trip",
					Rounds.Side.of("preview WELCOME NL (notifier)",
							(clock) -> Rounds.Done
								.of(Load.closedLoop(previews, 1, (i) -> ConsoleBenchmark.ok(browser, previewPath)))),
					Rounds.Side.of("preview page, nothing chosen",
							(clock) -> Rounds.Done
								.of(Load.closedLoop(previews, 1, (i) -> ConsoleBenchmark.ok(browser, formPath)))),
					rounds, cpu, null);
		}
	}

	/** Waits until the notifier answers previews at all: its consumers join late. */
	private static void awaitPreview(ConsoleClient browser, String path, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!ConsoleBenchmark.ok(browser, path)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The notifier answers no preview");
			}
		}
	}

}

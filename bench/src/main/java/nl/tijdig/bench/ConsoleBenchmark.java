package nl.tijdig.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import nl.tijdig.api.ReminderApiApplication;
import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.campaign.Campaigns;
import nl.tijdig.testinfra.ConsoleClient;
import nl.tijdig.infrastructure.Infrastructure;

/**
 * What the operators' console costs, in one run on the embedded servers, each figure
 * beside a baseline of the same machine and run:
 * <ol>
 * <li>how fast the console's projection counts events it finds on the topics, and its
 * deliveries apart, against a plain consumer reading the same records from the same
 * broker;</li>
 * <li>how fast and how quickly the dashboard's numbers answer at that size, for 1 and for
 * several pollers, against a bare endpoint behind the same login;</li>
 * <li>how long a preview takes there and back (console, Kafka, notifier, Kafka, console),
 * against the preview page without a message chosen, which asks nobody
 * ({@link PreviewRoundTrip}).</li>
 * </ol>
 * Settings as system properties or {@code --bench.*} arguments: {@code bench.events}
 * (200000), {@code bench.requests} per numbers run (2000), {@code bench.pollers} (8),
 * {@code bench.previews} (300); other arguments go to both services.
 */
public final class ConsoleBenchmark {

	private static final String BARE = "/admin/bench/bare";

	private static final String USERNAME = "operator";

	private static final String PASSWORD = "operator-secret";

	private ConsoleBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		SignUpBenchmark.benchSettings(args);
		int events = Integer.getInteger("bench.events", 200_000);
		int requests = Integer.getInteger("bench.requests", 2000);
		int pollers = Integer.getInteger("bench.pollers", 8);
		int previews = Integer.getInteger("bench.previews", 300);
		int timeoutMinutes = Integer.getInteger("bench.timeout-minutes", 15);

		Infrastructure infrastructure = Infrastructure.shared();
		ConfigurableApplicationContext api = ReminderApiApplication.builder()
			.sources(BareEndpoint.class)
			.initializers(infrastructure.initializer())
			.run(SignUpBenchmark.arguments(args, "--server.port=0", "--tijdig.signup.limits.enabled=false",
					"--tijdig.demo.enabled=true", "--tijdig.demo.slug=bench", "--logging.level.root=warn",
					"--logging.include-application-name=false", "--tijdig.console.operators[0].username=" + USERNAME,
					// bcrypt, cost 4, of operator-secret, as in reminder-api's tests
					"--tijdig.console.operators[0].password-hash=$2a$04$WOyPx9WlMKZslxjlBk9nyupNkqDC6.2lIbS2XJNQuihIPHkMAb1AC",
					"--tijdig.console.operators[0].role=OPERATOR"));
		int port = ((WebServerApplicationContext) api).getWebServer().getPort();
		Campaign campaign = api.getBean(Campaigns.class).findBySlug("bench").orElseThrow();
		String lagCachedFor = api.getEnvironment().getProperty("tijdig.console.consumer-lag.cache-for", "5s");
		Cpu cpu = Cpu.of(infrastructure);

		// 1. The projection, against a plain consumer of the same records.
		ProjectionPass.Result projection = ProjectionPass.run(api, infrastructure, campaign, events,
				Duration.ofMinutes(timeoutMinutes), cpu);

		// 2. The dashboard's numbers at that size, against a bare endpoint behind the
		// same login.
		String numbersPath = "/admin/campaigns/" + campaign.id() + "/numbers";
		Sessions sessions = new Sessions(port, pollers);
		int rounds = Rounds.count();
		Rounds.pair("dashboard numbers, 1 poller",
				Rounds.Side.of("numbers",
						(clock) -> Rounds.Done.of(Load.closedLoop(requests, 1, (i) -> sessions.ok(numbersPath)))),
				Rounds.Side.of("bare endpoint, same login",
						(clock) -> Rounds.Done.of(Load.closedLoop(requests, 1, (i) -> sessions.ok(BARE)))),
				rounds, cpu, null);
		Rounds.pair("dashboard numbers, " + pollers + " pollers",
				Rounds.Side.of("numbers",
						(clock) -> Rounds.Done.of(Load.closedLoop(requests, pollers, (i) -> sessions.ok(numbersPath)))),
				Rounds.Side.of("bare endpoint, same login",
						(clock) -> Rounds.Done.of(Load.closedLoop(requests, pollers, (i) -> sessions.ok(BARE)))),
				rounds, cpu, null);

		// 3. A preview there and back through the notifier.
		PreviewRoundTrip.run(args, infrastructure, port, campaign, new ConsoleClient(port).loggedIn(USERNAME, PASSWORD),
				previews, rounds, cpu);

		System.out.println();
		System.out.printf("Console benchmark, %d cores%n", Runtime.getRuntime().availableProcessors());
		projection.print();
		System.out.printf("The dashboard's numbers include the consumer lag, asked of the broker once per %s for "
				+ "every poller together.%n", lagCachedFor);
		api.close();
		System.exit(0);
	}

	static boolean ok(ConsoleClient browser, String path) {
		try {
			return browser.get(path).statusCode() == 200;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** One logged-in operator per poller, as each dashboard has its own session. */
	private static final class Sessions {

		private final BlockingQueue<ConsoleClient> browsers = new LinkedBlockingQueue<>();

		Sessions(int port, int count) {
			for (int i = 0; i < count; i++) {
				this.browsers.add(new ConsoleClient(port).loggedIn(USERNAME, PASSWORD));
			}
		}

		boolean ok(String path) {
			ConsoleClient browser = this.browsers.poll();
			try {
				return ConsoleBenchmark.ok(browser, path);
			}
			finally {
				this.browsers.add(browser);
			}
		}

	}

	/** Answers a little JSON and does nothing, behind the console's login. */
	@RestController
	static class BareEndpoint {

		@GetMapping(BARE)
		Map<String, String> bare() {
			return Map.of("status", "ok");
		}

	}

}

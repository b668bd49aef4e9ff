package nl.tijdig.bench;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import nl.tijdig.localstack.Platform;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.MailpitClient;
import nl.tijdig.testinfra.ScriptedSmtpServer;

/**
 * How long a visitor waits for the confirmation email: from the moment a sign-up is due
 * until the SMTP server accepted the email, across all three services (reminder-api's
 * outbox, the scheduler's subscriber listener, the notifier's claim and send), each as it
 * starts on its own in this JVM ({@link Platform}), on the embedded Kafka and PostgreSQL.
 * The SMTP server is a plain one in this JVM that notes when it accepted each message.
 * <p>
 * Two figures, each measured alone: one sign-up at a time, the next after the last one's
 * email arrived (the pipeline's own latency), and sign-ups offered at a fixed rate (the
 * latency under load, where the relay's speed and the queue add up). Sign-up limits, the
 * minimum answer time and the relay throttle are off: what is measured is the platform,
 * not its protections. Settings as {@code --bench.*} arguments: {@code bench.rate} (500
 * sign-ups/s), {@code bench.seconds} (5), {@code bench.sequential} (20) and
 * {@code bench.rounds} (3).
 */
public final class ConfirmationBenchmark {

	private static final String SIGN_UP = "/api/v1/campaigns/bench/subscriptions";

	private ConfirmationBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		SignUpBenchmark.benchSettings(args);
		int rate = Integer.getInteger("bench.rate", 500);
		int seconds = Integer.getInteger("bench.seconds", 5);
		int sequential = Integer.getInteger("bench.sequential", 20);
		int rounds = Rounds.count();
		Infrastructure servers = Infrastructure.shared();
		Cpu cpu = Cpu.of(servers);
		try (ScriptedSmtpServer smtp = ScriptedSmtpServer.start();
				Platform platform = Platform.start(new OnSmtp(servers, smtp), Platform.Ports.ANY,
						SignUpBenchmark.arguments(args, "--tijdig.demo.enabled=true", "--tijdig.demo.slug=bench",
								"--tijdig.signup.limits.enabled=false", "--tijdig.signup.answer-time=0ms",
								"--tijdig.notifier.throttle.enabled=false", "--logging.level.root=warn"))) {
			Inbox inbox = new Inbox(smtp, "http://127.0.0.1:" + platform.ports().reminderApi() + SIGN_UP,
					UUID.randomUUID().toString().substring(0, 8));
			System.out.printf("Confirmation benchmark: %d sign-ups one at a time, %d/s for %d s, %d cores%n",
					sequential, rate, seconds, Runtime.getRuntime().availableProcessors());
			Rounds.single("confirmation email, one sign-up at a time", Rounds.Side.of("sign-up to email accepted",
					(clock) -> Rounds.Done.of(inbox.oneAtATime(sequential))), rounds, cpu);
			Rounds.single("confirmation email at " + rate + "/s offered", Rounds.Side
				.of("sign-up to email accepted, open loop", (clock) -> Rounds.Done.of(inbox.atRate(rate, seconds))),
					rounds, cpu);
		}
		System.exit(0);
	}

	/** Signs visitors up and waits for their confirmation emails. */
	private static final class Inbox {

		private static final long GIVE_UP_NANOS = 120_000_000_000L;

		private final ScriptedSmtpServer smtp;

		private final String signUpUrl;

		private final String run;

		private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		private final AtomicInteger batches = new AtomicInteger();

		Inbox(ScriptedSmtpServer smtp, String signUpUrl, String run) {
			this.smtp = smtp;
			this.signUpUrl = signUpUrl;
			this.run = run;
		}

		Latencies oneAtATime(int count) throws InterruptedException {
			String prefix = prefix();
			long[] signedUp = new long[count];
			long start = System.nanoTime();
			int failed = 0;
			for (int i = 0; i < count; i++) {
				signedUp[i] = epochNanos(Instant.now());
				if (!SignUpBenchmark.post(this.http, this.signUpUrl, SignUpBenchmark.body(prefix, i))) {
					failed++;
					continue;
				}
				awaitEmails(prefix, i + 1 - failed);
			}
			return latencies(prefix, signedUp, System.nanoTime() - start, failed);
		}

		Latencies atRate(int rate, int seconds) throws InterruptedException {
			String prefix = prefix();
			long[] signedUp = new long[rate * seconds];
			long start = System.nanoTime();
			Latencies answers = Load.openLoop(rate, seconds, 64, (i) -> {
				signedUp[i] = epochNanos(Instant.now());
				return SignUpBenchmark.post(this.http, this.signUpUrl, SignUpBenchmark.body(prefix, i));
			});
			awaitEmails(prefix, signedUp.length - answers.failures());
			return latencies(prefix, signedUp, System.nanoTime() - start, answers.failures());
		}

		private String prefix() {
			this.smtp.clear();
			return "confirm-" + this.run + "-" + this.batches.incrementAndGet();
		}

		private void awaitEmails(String prefix, int count) throws InterruptedException {
			long giveUp = System.nanoTime() + GIVE_UP_NANOS;
			while (emails(prefix) < count && System.nanoTime() < giveUp) {
				Thread.sleep(20);
			}
		}

		private int emails(String prefix) {
			int count = 0;
			for (ScriptedSmtpServer.Received received : this.smtp.received()) {
				count += (int) received.recipients().stream().filter((to) -> to.startsWith(prefix + "-")).count();
			}
			return count;
		}

		/**
		 * Each email's latency from its sign-up; the run's time until the last email, so
		 * that the rate printed is emails per second. Sign-ups whose email never came
		 * count as failed.
		 */
		private Latencies latencies(String prefix, long[] signedUp, long signUpNanos, int failedSignUps) {
			List<ScriptedSmtpServer.Received> received = this.smtp.received();
			long[] nanos = new long[signedUp.length];
			boolean[] seen = new boolean[signedUp.length];
			int count = 0;
			long first = Arrays.stream(signedUp).filter((at) -> at > 0).min().orElse(0);
			long last = first;
			for (ScriptedSmtpServer.Received email : received) {
				for (String to : email.recipients()) {
					if (!to.startsWith(prefix + "-")) {
						continue;
					}
					int index = Integer.parseInt(to.substring(prefix.length() + 1, to.indexOf('@')));
					// A second email to one visitor would be a duplicate: counted once.
					if (!seen[index]) {
						seen[index] = true;
						long at = epochNanos(email.at());
						nanos[count++] = at - signedUp[index];
						last = Math.max(last, at);
					}
				}
			}
			int missing = signedUp.length - failedSignUps - count;
			if (missing > 0) {
				System.out.printf("%d confirmation emails did not arrive within %d s%n", missing,
						GIVE_UP_NANOS / 1_000_000_000L);
			}
			long elapsed = Math.max(last - first, signUpNanos);
			return new Latencies(Arrays.copyOf(nanos, count), elapsed, failedSignUps + Math.max(missing, 0));
		}

		private static long epochNanos(Instant at) {
			return at.getEpochSecond() * 1_000_000_000L + at.getNano();
		}

	}

	/**
	 * The shared servers, with this benchmark's SMTP server in place of theirs: the
	 * services take their connection settings from the infrastructure, ahead of any
	 * argument.
	 */
	private record OnSmtp(Infrastructure servers, ScriptedSmtpServer smtp) implements Infrastructure {

		@Override
		public String kafkaBootstrapServers() {
			return this.servers.kafkaBootstrapServers();
		}

		@Override
		public String jdbcUrl() {
			return this.servers.jdbcUrl();
		}

		@Override
		public String jdbcUsername() {
			return this.servers.jdbcUsername();
		}

		@Override
		public String jdbcPassword() {
			return this.servers.jdbcPassword();
		}

		@Override
		public String smtpHost() {
			return this.smtp.host();
		}

		@Override
		public int smtpPort() {
			return this.smtp.port();
		}

		@Override
		public String mailApiUrl() {
			return this.servers.mailApiUrl();
		}

		@Override
		public MailpitClient mail() {
			return this.servers.mail();
		}

		@Override
		public void close() {
			// The shared servers stop with the JVM.
		}

	}

}

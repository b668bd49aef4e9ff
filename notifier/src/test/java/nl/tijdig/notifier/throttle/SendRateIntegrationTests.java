package nl.tijdig.notifier.throttle;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import nl.tijdig.testinfra.WithInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token bucket on real PostgreSQL, drawn from by two "instances" with four threads
 * each. The assertions are bounds that hold however slow the machine is: never more than
 * the bucket plus the rate times the time that passed, and something at all.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notifier")
@WithInfrastructure
class SendRateIntegrationTests {

	private static final double RATE = 20;

	private static final int BURST = 5;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void severalInstancesTogetherNeverExceedTheRate() throws Exception {
		String relay = "test-" + UUID.randomUUID();
		SendRate first = new SendRate(this.jdbc, new ThrottleProperties(true, relay, RATE, BURST));
		SendRate second = new SendRate(this.jdbc, new ThrottleProperties(true, relay, RATE, BURST));
		ExecutorService threads = Executors.newFixedThreadPool(8);
		long started = System.nanoTime();
		long until = started + TimeUnit.MILLISECONDS.toNanos(1500);
		List<Future<Integer>> draws = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			SendRate instance = (i % 2 == 0) ? first : second;
			draws.add(threads.submit(() -> {
				int granted = 0;
				while (System.nanoTime() < until) {
					granted += instance.tryAcquire(3);
				}
				return granted;
			}));
		}
		int granted = 0;
		for (Future<Integer> draw : draws) {
			granted += draw.get();
		}
		double elapsedSeconds = (System.nanoTime() - started) / 1e9;
		threads.shutdown();

		assertThat(granted).isGreaterThanOrEqualTo(BURST)
			.isLessThanOrEqualTo((int) Math.ceil(BURST + RATE * elapsedSeconds));
	}

	@Test
	void aDrawNeverGetsMoreThanItAskedOrTheBucketHolds() {
		SendRate rate = new SendRate(this.jdbc, new ThrottleProperties(true, "test-" + UUID.randomUUID(), 0.01, 3));

		assertThat(rate.tryAcquire(2)).isEqualTo(2);
		assertThat(rate.tryAcquire(5)).isEqualTo(1);
		assertThat(rate.tryAcquire(5)).isZero();
	}

	@Test
	void switchedOffItGrantsEverything() {
		SendRate rate = new SendRate(this.jdbc, new ThrottleProperties(false, "test-" + UUID.randomUUID(), 1, 1));

		assertThat(rate.tryAcquire(1000)).isEqualTo(1000);
	}

}

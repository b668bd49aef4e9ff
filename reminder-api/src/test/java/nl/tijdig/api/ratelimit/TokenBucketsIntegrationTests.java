package nl.tijdig.api.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.infrastructure.Infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The buckets on the real PostgreSQL: the service's own, and a second instance's on a
 * connection pool of its own to the same database, as two API instances would share it.
 */
@ReminderApiIntegrationTest
class TokenBucketsIntegrationTests {

	private static final RateLimit TEN_AN_HOUR = new RateLimit(10, Duration.ofHours(1));

	@Autowired
	TokenBuckets buckets;

	@Autowired
	TransactionTemplate transactions;

	/**
	 * Tried: 40 takes of one key at once, 20 through each instance, each of 8 threads a
	 * side; the limit is 10 an hour.
	 */
	@Test
	void twoInstancesTogetherTakeNoMoreThanTheLimit() throws Exception {
		TokenBuckets other = new TokenBuckets(JdbcClient.create(otherInstancesPool()));
		String key = "test:" + UUID.randomUUID();
		List<Callable<Boolean>> takes = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			TokenBuckets instance = (i % 2 == 0) ? this.buckets : other;
			takes.add(() -> instance.take(Map.of(key, TEN_AN_HOUR)).isEmpty());
		}
		ExecutorService threads = Executors.newFixedThreadPool(16);
		int taken = 0;
		try {
			for (Future<Boolean> take : threads.invokeAll(takes)) {
				taken += take.get() ? 1 : 0;
			}
		}
		finally {
			threads.shutdown();
		}

		assertThat(taken).isEqualTo(10);
		assertThat(other.take(Map.of(key, TEN_AN_HOUR)))
			.hasValueSatisfying((wait) -> assertThat(wait).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(6)));
	}

	/**
	 * Tried: a key with one token an hour taken with another of ten, twice in a
	 * transaction that rolls back when refused; then the other key alone ten times.
	 */
	@Test
	void aRefusalRolledBackSpendsNothingOfTheOtherBucket() {
		String scarce = "test:" + UUID.randomUUID();
		String plenty = "test:" + UUID.randomUUID();
		Map<String, RateLimit> both = Map.of(scarce, new RateLimit(1, Duration.ofHours(1)), plenty, TEN_AN_HOUR);

		assertThat(takeOrRollBack(both)).isEmpty();
		assertThat(takeOrRollBack(both))
			.hasValueSatisfying((wait) -> assertThat(wait).isBetween(Duration.ofMinutes(59), Duration.ofHours(1)));

		for (int i = 0; i < 9; i++) {
			assertThat(this.buckets.take(Map.of(plenty, TEN_AN_HOUR))).as("take %d of the other", i + 2).isEmpty();
		}
		assertThat(this.buckets.take(Map.of(plenty, TEN_AN_HOUR))).as("the eleventh").isPresent();
	}

	/**
	 * Tried: a limit of two an hour, both taken, one given back and taken again; then one
	 * taken and two given back, which cannot make the bucket hold more than two.
	 */
	@Test
	void aTokenGivenBackCanBeTakenAgainButNeverOverfillsTheBucket() {
		RateLimit twoAnHour = new RateLimit(2, Duration.ofHours(1));
		String emptied = "test:" + UUID.randomUUID();
		assertThat(this.buckets.take(Map.of(emptied, twoAnHour))).isEmpty();
		assertThat(this.buckets.take(Map.of(emptied, twoAnHour))).isEmpty();
		assertThat(this.buckets.take(Map.of(emptied, twoAnHour))).as("the third").isPresent();

		this.buckets.giveBack(List.of(emptied));

		assertThat(this.buckets.take(Map.of(emptied, twoAnHour))).as("the one given back").isEmpty();
		assertThat(this.buckets.take(Map.of(emptied, twoAnHour))).as("then none").isPresent();

		String nearlyFull = "test:" + UUID.randomUUID();
		assertThat(this.buckets.take(Map.of(nearlyFull, twoAnHour))).isEmpty();
		this.buckets.giveBack(List.of(nearlyFull, "test:" + UUID.randomUUID()));
		this.buckets.giveBack(List.of(nearlyFull));

		assertThat(this.buckets.take(Map.of(nearlyFull, twoAnHour))).isEmpty();
		assertThat(this.buckets.take(Map.of(nearlyFull, twoAnHour))).isEmpty();
		assertThat(this.buckets.take(Map.of(nearlyFull, twoAnHour))).as("a third after two given back").isPresent();
	}

	@Test
	void refillsABucketAtTheRateOfItsLimit() {
		String key = "test:" + UUID.randomUUID();
		RateLimit twoASecond = new RateLimit(2, Duration.ofSeconds(1));
		assertThat(this.buckets.take(Map.of(key, twoASecond))).isEmpty();
		assertThat(this.buckets.take(Map.of(key, twoASecond))).isEmpty();

		Optional<Duration> refused = this.buckets.take(Map.of(key, twoASecond));

		assertThat(refused).hasValueSatisfying(
				(wait) -> assertThat(wait).isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(Duration.ofMillis(500)));
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.buckets.take(Map.of(key, twoASecond)).isEmpty());
	}

	@Test
	void refusesToTakeSeveralBucketsOutsideATransaction() {
		Map<String, RateLimit> two = Map.of("test:" + UUID.randomUUID(), TEN_AN_HOUR, "test:" + UUID.randomUUID(),
				TEN_AN_HOUR);

		assertThatIllegalStateException().isThrownBy(() -> this.buckets.take(two));
	}

	private Optional<Duration> takeOrRollBack(Map<String, RateLimit> limits) {
		return this.transactions.execute((tx) -> {
			Optional<Duration> wait = this.buckets.take(limits);
			if (wait.isPresent()) {
				tx.setRollbackOnly();
			}
			return wait;
		});
	}

	private static DataSource otherInstancesPool() {
		Infrastructure infrastructure = Infrastructure.shared();
		DriverManagerDataSource pool = new DriverManagerDataSource(infrastructure.jdbcUrl(),
				infrastructure.jdbcUsername(), infrastructure.jdbcPassword());
		pool.setSchema("reminder_api");
		return pool;
	}

}

package nl.tijdig.notifier.throttle;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A token bucket in the table {@code send_rate}, one row per relay, that every instance
 * draws from. Each draw is one statement that locks the row, refills it for the time
 * since the last draw (by the database's clock, the one clock all instances share) and
 * takes what it can: the rate holds however many instances and threads draw.
 */
@Component
public class SendRate {

	private final JdbcClient jdbc;

	private final ThrottleProperties properties;

	public SendRate(JdbcClient jdbc, ThrottleProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Takes up to {@code wanted} permits without waiting.
	 * @return how many were granted, from 0 to {@code wanted}
	 */
	public int tryAcquire(int wanted) {
		if (!this.properties.enabled()) {
			return wanted;
		}
		this.jdbc.sql("""
				insert into send_rate (relay, tokens, refilled_at) values (:relay, :burst, clock_timestamp())
				on conflict (relay) do nothing
				""").param("relay", this.properties.relay()).param("burst", this.properties.burst()).update();
		// FOR UPDATE in the CTE: without it two draws could both compute from the old
		// row and hand out the same tokens twice.
		return this.jdbc
			.sql("""
					with bucket as (
						select relay, clock_timestamp() as now,
							least(cast(:burst as double precision), tokens + cast(:rate as double precision)
								* greatest(0, extract(epoch from (clock_timestamp() - refilled_at)))) as available
						from send_rate where relay = :relay
						for update),
					drawn as (
						select relay, now, available, cast(greatest(0, least(:wanted, floor(available))) as integer) as granted
						from bucket)
					update send_rate s set tokens = drawn.available - drawn.granted, refilled_at = drawn.now
					from drawn where s.relay = drawn.relay
					returning drawn.granted
					""")
			.param("relay", this.properties.relay())
			.param("burst", this.properties.burst())
			.param("rate", this.properties.rate())
			.param("wanted", wanted)
			.query(Integer.class)
			.single();
	}

	/**
	 * Takes at least one and up to {@code wanted} permits, waiting as long as it takes.
	 * @return how many were granted; 0 only if the thread was interrupted
	 */
	public int acquire(int wanted) {
		Duration pause = Duration.ofMillis(Math.max(5, Math.min(1000, (long) (1000 / this.properties.rate()))));
		while (true) {
			int granted = tryAcquire(wanted);
			if (granted > 0) {
				return granted;
			}
			try {
				Thread.sleep(pause.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return 0;
			}
		}
	}

	/** The rate configured, for the operators' dashboard. */
	public double rate() {
		return this.properties.enabled() ? this.properties.rate() : Double.POSITIVE_INFINITY;
	}

}

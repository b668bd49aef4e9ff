package nl.tijdig.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures a pair, the platform's figure (A) and its yardstick (B), alternately: A B once
 * to warm up, then A B A B ... for the rounds asked, so that whatever else the shared
 * machine does falls on both sides alike. Prints each round as it goes and, for
 * {@code bench/run} to collect, rows of the figures' table (median, spread, CPU per item)
 * and of the ratios' table, each line starting with {@code §}.
 */
final class Rounds {

	private Rounds() {
	}

	/** The number of rounds: {@code bench.rounds}, 3 unless set. */
	static int count() {
		return Integer.getInteger("bench.rounds", 3);
	}

	/**
	 * Runs the pair and prints its rows.
	 * @param higherIsBetter whether A / B should be large (throughput) or small (a
	 * latency)
	 * @param target what the ratio should reach, or {@code null} for none
	 * @return the per-round ratios A / B
	 */
	static double[] pair(String pair, Side a, Side b, int rounds, Cpu cpu, String target) throws Exception {
		return pair(pair, a, b, rounds, cpu, target, true);
	}

	/**
	 * @param warmUp whether to measure A B once first and forget it; a pair that follows
	 * one of the same code in the same JVM may go without
	 */
	static double[] pair(String pair, Side a, Side b, int rounds, Cpu cpu, String target, boolean warmUp)
			throws Exception {
		if (warmUp) {
			System.out.printf("%s: warming up%n", pair);
			a.measure(cpu);
			b.measure(cpu);
		}
		List<Measurement> as = new ArrayList<>();
		List<Measurement> bs = new ArrayList<>();
		double[] ratios = new double[rounds];
		for (int round = 0; round < rounds; round++) {
			Measurement ma = a.measure(cpu);
			Measurement mb = b.measure(cpu);
			as.add(ma);
			bs.add(mb);
			ratios[round] = ma.perSecond() / mb.perSecond();
			System.out.printf(Locale.ROOT, "%s, round %d: %s %,.0f/s, %s %,.0f/s, ratio %.3f%n", pair, round + 1,
					a.name(), ma.perSecond(), b.name(), mb.perSecond(), ratios[round]);
		}
		row(pair, a.name(), as);
		row(pair, b.name(), bs);
		double[] sorted = ratios.clone();
		Arrays.sort(sorted);
		System.out.printf(Locale.ROOT, "§ratio | %s | %s / %s | %.3f | %.3f–%.3f | %s |%n", pair, a.name(), b.name(),
				median(sorted), sorted[0], sorted[sorted.length - 1], (target != null) ? target : "");
		return ratios;
	}

	/** One figure measured alone, for what has no yardstick of its own. */
	static void single(String pair, Side side, int rounds, Cpu cpu) throws Exception {
		side.measure(cpu);
		List<Measurement> all = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			all.add(side.measure(cpu));
		}
		row(pair, side.name(), all);
	}

	/** A fact that is no rate: a size, a heap. */
	static void fact(String what, String value) {
		System.out.printf("§fact | %s | %s |%n", what, value);
	}

	static void row(String pair, String name, List<Measurement> measurements) {
		double[] rates = measurements.stream().mapToDouble(Measurement::perSecond).sorted().toArray();
		double[] jvm = measurements.stream()
			.mapToDouble((m) -> m.cpu().jvmNanos() / 1e3 / m.items())
			.sorted()
			.toArray();
		double[] pg = measurements.stream()
			.mapToDouble((m) -> m.cpu().postgresNanos() / 1e3 / m.items())
			.sorted()
			.toArray();
		double median = median(rates);
		String latency = "";
		if (measurements.stream().allMatch((m) -> m.latencies() != null)) {
			double[] p50 = measurements.stream()
				.mapToDouble((m) -> m.latencies().percentileMillis(50))
				.sorted()
				.toArray();
			double[] p99 = measurements.stream()
				.mapToDouble((m) -> m.latencies().percentileMillis(99))
				.sorted()
				.toArray();
			latency = String.format(Locale.ROOT, "%.1f ms | %.1f ms", median(p50), median(p99));
		}
		else {
			latency = " | ";
		}
		System.out.printf(Locale.ROOT,
				"§fig | %s | %s | %,.0f/s | %,.0f–%,.0f (±%.0f %%) | %.1f + %.1f µs | %s | %d |%n", pair, name, median,
				rates[0], rates[rates.length - 1], 100 * (rates[rates.length - 1] - rates[0]) / 2 / median, median(jvm),
				median(pg), latency, measurements.size());
	}

	private static double median(double[] sorted) {
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/** One side of a pair, measured afresh each time. */
	interface Side {

		String name();

		Measurement measure(Cpu cpu) throws Exception;

		static Side of(String name, Body body) {
			return new Side() {

				@Override
				public String name() {
					return name;
				}

				@Override
				public Measurement measure(Cpu cpu) throws Exception {
					Clock clock = new Clock(cpu);
					Done done = body.run(clock);
					long nanos = (done.nanos() > 0) ? done.nanos() : System.nanoTime() - clock.start;
					return new Measurement(done.items(), nanos, clock.mark.used(), done.latencies());
				}

			};
		}

	}

	/** What one side does once. */
	@FunctionalInterface
	interface Body {

		/**
		 * @param clock started before the call; a body that must prepare first (data that
		 * is not part of the figure) restarts it when it is ready
		 */
		Done run(Clock clock) throws Exception;

	}

	/** Time and CPU from the start of a side, or from where it restarted them. */
	static final class Clock {

		private final Cpu cpu;

		private Cpu.Mark mark;

		private long start;

		private Clock(Cpu cpu) {
			this.cpu = cpu;
			restart();
		}

		long startNanos() {
			return this.start;
		}

		void restart() {
			this.mark = this.cpu.mark();
			this.start = System.nanoTime();
		}

	}

	/**
	 * What a run did.
	 *
	 * @param nanos its own timing of the part that counts, or 0 for the whole run
	 * @param latencies each item's latency, or {@code null}
	 */
	record Done(long items, long nanos, Latencies latencies) {

		static Done of(Latencies latencies) {
			return new Done(latencies.count(), latencies.elapsedNanos(), latencies);
		}

		static Done of(long items) {
			return new Done(items, 0, null);
		}

	}

	record Measurement(long items, long nanos, Cpu.Used cpu, Latencies latencies) {

		double perSecond() {
			return this.items / (this.nanos / 1e9);
		}

	}

}

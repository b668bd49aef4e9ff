package nl.tijdig.bench;

import java.util.Arrays;

/** Latencies of one run, in nanoseconds, and what is printed of them. */
final class Latencies {

	private final long[] nanos;

	private final long elapsedNanos;

	private final int failures;

	Latencies(long[] nanos, long elapsedNanos, int failures) {
		this.nanos = nanos.clone();
		Arrays.sort(this.nanos);
		this.elapsedNanos = elapsedNanos;
		this.failures = failures;
	}

	double perSecond() {
		return this.nanos.length / (this.elapsedNanos / 1e9);
	}

	double percentileMillis(double percentile) {
		if (this.nanos.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(percentile / 100.0 * this.nanos.length) - 1;
		return this.nanos[Math.max(0, Math.min(index, this.nanos.length - 1))] / 1e6;
	}

	int count() {
		return this.nanos.length;
	}

	long elapsedNanos() {
		return this.elapsedNanos;
	}

	int failures() {
		return this.failures;
	}

	String line(String name) {
		return String.format("%-34s %9.0f/s   p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   failed %d", name,
				perSecond(), percentileMillis(50), percentileMillis(99), percentileMillis(100), this.failures);
	}

}

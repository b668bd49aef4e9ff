package nl.tijdig.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One round of the send benchmark: emails, time, the notifier's CPU, the share of it the
 * JIT took compiling, and its heap (none for {@code smtp-source}), and the load average
 * when it began.
 */
record SendRound(int count, long nanos, double jvmCpuMs, double pgCpuMs, long heap, double jitCpuMs, String load) {

	double perSecond() {
		return this.count / (this.nanos / 1e9);
	}

	String line() {
		if (this.heap == 0) {
			return String.format("%6.0f/s (load %s)", perSecond(), this.load);
		}
		return String.format("%6.0f/s, CPU %.2f ms JVM (JIT %.0f %%) + %.2f ms PG per email, heap %d MB (load %s)",
				perSecond(), this.jvmCpuMs / this.count, 100 * this.jitCpuMs / this.jvmCpuMs, this.pgCpuMs / this.count,
				this.heap >> 20, this.load);
	}

	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "?";
		}
	}

}

package nl.tijdig.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

import com.sun.management.OperatingSystemMXBean;
import nl.tijdig.infrastructure.Infrastructure;

/**
 * CPU time spent so far by this JVM (the services and the Kafka broker) and by the
 * embedded PostgreSQL server, a process tree of its own: together what a figure cost the
 * machine, whatever else runs on it.
 */
final class Cpu {

	private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	// Linux's clock ticks per second, what /proc/<pid>/stat counts in.
	private static final long TICK_NANOS = 10_000_000L;

	private final long postmaster;

	private Cpu(long postmaster) {
		this.postmaster = postmaster;
	}

	/**
	 * @return a reader of the CPU time of this JVM and of the infrastructure's
	 * PostgreSQL, or of this JVM alone where {@code /proc} does not tell
	 */
	static Cpu of(Infrastructure infrastructure) {
		try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(),
				infrastructure.jdbcUsername(), infrastructure.jdbcPassword());
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
			row.next();
			// A backend's parent is the postmaster.
			return new Cpu(field(Files.readString(Path.of("/proc", row.getString(1), "stat")), 4));
		}
		catch (SQLException | IOException | RuntimeException ex) {
			return new Cpu(-1);
		}
	}

	/**
	 * The nanoseconds of CPU this JVM's compiler threads have used: a figure measured
	 * while they still work measures the warm-up. The JVM's own count of compile time is
	 * time passed, which on a busy machine is mostly waiting for a core.
	 * @return the time, or 0 where {@code /proc} does not tell
	 */
	static long jit() {
		try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
			return threads.mapToLong(Cpu::compilerTicks).sum() * TICK_NANOS;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static long compilerTicks(Path thread) {
		try {
			String stat = Files.readString(thread.resolve("stat"));
			// The name, cut to 15 characters: "C2 CompilerThre".
			String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
			return name.matches("C\\d CompilerThre.*") ? ticks(stat, false) : 0;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/** The nanoseconds of CPU this JVM has used. */
	long jvm() {
		return OS.getProcessCpuTime();
	}

	/**
	 * The nanoseconds of CPU PostgreSQL has used: the postmaster, the backends that ended
	 * (counted into the postmaster when it reaped them) and those still running.
	 * @return the time, or 0 if it cannot be read
	 */
	long postgres() {
		if (this.postmaster < 0) {
			return 0;
		}
		try {
			long ticks = ticks(Files.readString(Path.of("/proc", Long.toString(this.postmaster), "stat")), true);
			try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
				ticks += processes.filter((path) -> path.getFileName().toString().chars().allMatch(Character::isDigit))
					.mapToLong(this::childTicks)
					.sum();
			}
			return ticks * TICK_NANOS;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private long childTicks(Path process) {
		try {
			String stat = Files.readString(process.resolve("stat"));
			return (field(stat, 4) == this.postmaster) ? ticks(stat, false) : 0;
		}
		catch (IOException | RuntimeException ex) {
			// Gone meanwhile: its time is in the postmaster's children's now.
			return 0;
		}
	}

	/** utime + stime (fields 14, 15), and the reaped children's (16, 17) if asked. */
	private static long ticks(String stat, boolean withChildren) {
		long ticks = field(stat, 14) + field(stat, 15);
		return withChildren ? ticks + field(stat, 16) + field(stat, 17) : ticks;
	}

	/**
	 * Field {@code n} (1-based) of /proc/<pid>/stat; the name in field 2 may hold spaces.
	 */
	private static long field(String stat, int n) {
		String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
		return Long.parseLong(rest[n - 3]);
	}

	/** What was used between two readings. */
	record Used(long jvmNanos, long postgresNanos) {

		long totalNanos() {
			return this.jvmNanos + this.postgresNanos;
		}

	}

	/** Starts a measurement. */
	Mark mark() {
		return new Mark(jvm(), postgres());
	}

	final class Mark {

		private final long jvm;

		private final long postgres;

		private Mark(long jvm, long postgres) {
			this.jvm = jvm;
			this.postgres = postgres;
		}

		Used used() {
			return new Used(jvm() - this.jvm, postgres() - this.postgres);
		}

	}

}

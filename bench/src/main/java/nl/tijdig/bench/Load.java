package nl.tijdig.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/** Drives an operation: as fast as it goes, or at a fixed rate. */
final class Load {

	private Load() {
	}

	/**
	 * Runs {@code count} operations on {@code concurrency} threads, each starting the
	 * next as soon as the last one is done.
	 * @param operation returns whether operation {@code i} succeeded
	 */
	static Latencies closedLoop(int count, int concurrency, IntPredicate operation) throws InterruptedException {
		long[] nanos = new long[count];
		AtomicInteger next = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(concurrency);
		long start = System.nanoTime();
		for (int t = 0; t < concurrency; t++) {
			threads.execute(() -> {
				for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
					long begin = System.nanoTime();
					if (!operation.test(i)) {
						failures.incrementAndGet();
					}
					nanos[i] = System.nanoTime() - begin;
				}
			});
		}
		threads.shutdown();
		threads.awaitTermination(1, TimeUnit.HOURS);
		return new Latencies(nanos, System.nanoTime() - start, failures.get());
	}

	/**
	 * Starts operations at a fixed rate whatever the answers do, and measures each from
	 * the moment it was due, so a stall shows in the latency instead of lowering the
	 * load.
	 */
	static Latencies openLoop(int perSecond, int seconds, int concurrency, IntPredicate operation)
			throws InterruptedException {
		int count = perSecond * seconds;
		long[] nanos = new long[count];
		AtomicInteger failures = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(concurrency);
		long interval = 1_000_000_000L / perSecond;
		long start = System.nanoTime();
		CompletableFuture<?>[] all = new CompletableFuture<?>[count];
		for (int i = 0; i < count; i++) {
			long due = start + i * interval;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			int index = i;
			all[i] = CompletableFuture.runAsync(() -> {
				if (!operation.test(index)) {
					failures.incrementAndGet();
				}
				nanos[index] = System.nanoTime() - due;
			}, threads);
		}
		CompletableFuture.allOf(all).join();
		long elapsed = System.nanoTime() - start;
		threads.shutdown();
		return new Latencies(nanos, elapsed, failures.get());
	}

}

package nl.tijdig.bench;

import java.lang.management.ManagementFactory;

/** The heap that is still in use once the collector has run: what a process keeps. */
final class LiveHeap {

	private LiveHeap() {
	}

	/**
	 * @return bytes in use after three full collections
	 */
	static long afterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}

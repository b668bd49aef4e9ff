package nl.tijdig.bench;

import java.io.IOException;

/**
 * Postfix's {@code smtp-source}: the send benchmark's yardstick, as many messages of the
 * same size over as many connections into the same sink as the notifier sends.
 */
final class SmtpSource {

	private SmtpSource() {
	}

	static SendRound round(int count, int size, int connections, int sinkPort)
			throws IOException, InterruptedException {
		String load = SendRound.loadAverage();
		long started = System.nanoTime();
		Process process = new ProcessBuilder("smtp-source", "-d", "-s", Integer.toString(connections), "-m",
				Integer.toString(count), "-l", Integer.toString(size), "127.0.0.1:" + sinkPort)
			.inheritIO()
			.start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException("smtp-source failed: exit " + process.exitValue());
		}
		return new SendRound(count, System.nanoTime() - started, 0, 0, 0, 0, load);
	}

}

package nl.tijdig.notifier.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;

/**
 * Plain sockets to the relay (STARTTLS layers its encryption over them) with Nagle's
 * algorithm off and a write timeout of their own.
 * <p>
 * Nagle: SMTP writes a message's body and then its closing dot as a second small segment;
 * with Nagle on, that segment waits for the acknowledgement of the first, which the relay
 * delays by up to 40 ms: a stall per message, whatever the relay's speed.
 * <p>
 * Write timeout: a relay that stops reading leaves a write blocked for good once the
 * buffers between are full. Angus's own timeout schedules a task on a thread of the
 * socket's own before every write and cancels it after, which on a fast relay cost the
 * sending threads more than the writes. Here a write notes when it began, and one thread
 * looks at every open socket ten times a second and closes one whose write has taken
 * longer than the timeout; the blocked write then fails as it would with Angus's.
 */
final class RelaySockets extends SocketFactory {

	private static final long NOT_WRITING = Long.MIN_VALUE;

	private static final long LOOK_EVERY_MILLIS = 100;

	/** One for all relays and sessions: looking costs nothing while no socket is open. */
	private static final Watch WATCH = new Watch();

	private final long writeTimeoutNanos;

	RelaySockets(Duration writeTimeout) {
		this.writeTimeoutNanos = writeTimeout.toNanos();
	}

	/** Unconnected, as Angus asks for it: it connects with its own connect timeout. */
	@Override
	public Socket createSocket() throws IOException {
		return new WatchedSocket(this.writeTimeoutNanos);
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null, 0);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return connected(new InetSocketAddress(host, port), localHost, localPort);
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null, 0);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return connected(new InetSocketAddress(address, port), localAddress, localPort);
	}

	private Socket connected(InetSocketAddress remote, InetAddress localAddress, int localPort) throws IOException {
		WatchedSocket socket = new WatchedSocket(this.writeTimeoutNanos);
		try {
			if (localAddress != null || localPort != 0) {
				socket.bind(new InetSocketAddress(localAddress, localPort));
			}
			socket.connect(remote);
			return socket;
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	/** A socket whose writes are watched while it is open. */
	static final class WatchedSocket extends Socket {

		private final long writeTimeoutNanos;

		/** {@link System#nanoTime()} when the write under way began. */
		private volatile long writingSince = NOT_WRITING;

		private OutputStream output;

		WatchedSocket(long writeTimeoutNanos) throws IOException {
			this.writeTimeoutNanos = writeTimeoutNanos;
			setTcpNoDelay(true);
			WATCH.add(this);
		}

		@Override
		public synchronized OutputStream getOutputStream() throws IOException {
			if (this.output == null) {
				this.output = new WatchedOutput(super.getOutputStream());
			}
			return this.output;
		}

		@Override
		public synchronized void close() throws IOException {
			WATCH.remove(this);
			super.close();
		}

		/** Whether a write has been blocked for longer than the timeout. */
		boolean stuck(long now) {
			long since = this.writingSince;
			return since != NOT_WRITING && now - since > this.writeTimeoutNanos;
		}

		private final class WatchedOutput extends FilterOutputStream {

			WatchedOutput(OutputStream socket) {
				super(socket);
			}

			@Override
			public void write(int b) throws IOException {
				WatchedSocket.this.writingSince = System.nanoTime();
				try {
					this.out.write(b);
				}
				finally {
					WatchedSocket.this.writingSince = NOT_WRITING;
				}
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				WatchedSocket.this.writingSince = System.nanoTime();
				try {
					this.out.write(bytes, offset, length);
				}
				finally {
					WatchedSocket.this.writingSince = NOT_WRITING;
				}
			}

		}

	}

	/** The one thread that closes sockets whose writes are stuck. */
	private static final class Watch {

		private final Set<WatchedSocket> open = ConcurrentHashMap.newKeySet();

		private volatile ScheduledExecutorService looking;

		void add(WatchedSocket socket) {
			this.open.add(socket);
			if (this.looking == null) {
				start();
			}
		}

		void remove(WatchedSocket socket) {
			this.open.remove(socket);
		}

		private synchronized void start() {
			if (this.looking != null) {
				return;
			}
			ScheduledExecutorService looking = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "smtp-write-watch");
				thread.setDaemon(true);
				return thread;
			});
			looking.scheduleWithFixedDelay(this::closeStuck, LOOK_EVERY_MILLIS, LOOK_EVERY_MILLIS,
					TimeUnit.MILLISECONDS);
			this.looking = looking;
		}

		private void closeStuck() {
			long now = System.nanoTime();
			for (WatchedSocket socket : this.open) {
				if (socket.stuck(now)) {
					try {
						socket.close();
					}
					catch (IOException | RuntimeException ex) {
						// Closed or closing: the write fails either way.
						this.open.remove(socket);
					}
				}
			}
		}

	}

}

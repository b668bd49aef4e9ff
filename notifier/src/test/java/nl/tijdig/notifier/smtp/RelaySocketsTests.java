package nl.tijdig.notifier.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RelaySocketsTests {

	private final ServerSocket relay;

	private Socket accepted;

	RelaySocketsTests() throws IOException {
		this.relay = new ServerSocket();
		// A small window, so that a relay that stops reading blocks a write soon.
		this.relay.setReceiveBufferSize(8192);
		this.relay.bind(new InetSocketAddress("127.0.0.1", 0));
	}

	@AfterEach
	void stop() throws IOException {
		if (this.accepted != null) {
			this.accepted.close();
		}
		this.relay.close();
	}

	@Test
	void nagleIsOff() throws IOException {
		try (Socket socket = connect(Duration.ofSeconds(30))) {
			assertThat(socket.getTcpNoDelay()).isTrue();
		}
	}

	@Test
	@Timeout(30)
	void aWriteTheRelayDoesNotReadFailsOnceItTakesLongerThanTheTimeout() throws Exception {
		// The relay accepts and then reads nothing: the writes fill the buffers and the
		// next one blocks until the watch closes the socket.
		try (Socket socket = connect(Duration.ofMillis(300))) {
			this.accepted = this.relay.accept();
			OutputStream out = socket.getOutputStream();
			byte[] chunk = new byte[64 * 1024];
			long started = System.nanoTime();

			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> {
				for (int i = 0; i < 16 * 1024; i++) {
					out.write(chunk);
				}
			});

			Duration blocked = Duration.ofNanos(System.nanoTime() - started);
			assertThat(blocked).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(10));
			assertThat(socket.isClosed()).isTrue();
		}
	}

	@Test
	void onlyTheTimeAWriteIsBlockedCountsNotThePausesBetweenWrites() throws Exception {
		try (Socket socket = connect(Duration.ofMillis(300))) {
			this.accepted = this.relay.accept();
			CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> readAll(this.accepted));
			OutputStream out = socket.getOutputStream();
			for (int i = 0; i < 5; i++) {
				out.write(new byte[100 * 1024]);
				Thread.sleep(150);
			}
			socket.shutdownOutput();

			assertThat(read.get()).isEqualTo(5 * 100 * 1024L);
			assertThat(socket.isClosed()).isFalse();
		}
	}

	private Socket connect(Duration writeTimeout) throws IOException {
		Socket socket = new RelaySockets(writeTimeout).createSocket();
		socket.setSendBufferSize(8192);
		socket.connect(this.relay.getLocalSocketAddress(), 5000);
		return socket;
	}

	private static long readAll(Socket socket) {
		try (InputStream in = socket.getInputStream()) {
			return in.transferTo(OutputStream.nullOutputStream());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

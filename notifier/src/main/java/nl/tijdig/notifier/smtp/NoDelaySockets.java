package nl.tijdig.notifier.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain sockets to the relay with Nagle's algorithm off. SMTP writes a message's body and
 * then its closing dot as a second small segment; with Nagle on, that segment waits for
 * the acknowledgement of the first, which the relay delays by up to 40 ms: a stall per
 * message, whatever the relay's speed.
 */
final class NoDelaySockets extends SocketFactory {

	static final NoDelaySockets INSTANCE = new NoDelaySockets();

	private NoDelaySockets() {
	}

	@Override
	public Socket createSocket() throws IOException {
		return noDelay(new Socket());
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return noDelay(new Socket(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return noDelay(new Socket(host, port, localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return noDelay(new Socket(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return noDelay(new Socket(address, port, localAddress, localPort));
	}

	private static Socket noDelay(Socket socket) throws IOException {
		socket.setTcpNoDelay(true);
		return socket;
	}

}

package nl.tijdig.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports for servers that must know their port before they bind: Kafka names
 * its controller in the quorum voters and advertises its listener; a process a system
 * test starts is told its port on the command line.
 */
public final class FreePorts {

	private FreePorts() {
	}

	static int orFree(int port) {
		return (port != 0) ? port : find();
	}

	public static int find() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on the loopback interface", ex);
		}
	}

}

package nl.tijdig.api.subscription;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The address a request came from, as the limits and the consent record read it. */
final class ClientAddresses {

	private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	private ClientAddresses() {
	}

	/**
	 * The bytes of a literal IPv4 or IPv6 address (4 for an IPv4-mapped one), or empty
	 * for anything else. Only a literal is looked at, so parsing never asks DNS.
	 */
	static Optional<byte[]> parse(String clientAddress) {
		if (clientAddress == null || !LITERAL.matcher(clientAddress).matches()) {
			return Optional.empty();
		}
		try {
			return Optional.of(InetAddress.getByName(clientAddress).getAddress());
		}
		catch (IllegalArgumentException | UnknownHostException ex) {
			return Optional.empty();
		}
	}

}

package nl.tijdig.api.subscription;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Arrays;

import nl.tijdig.events.Language;

/**
 * What a person agreed to and when: the version of the consent text on the form and the
 * language it was shown in, the moment of the sign-up and, only where configured, the
 * network it came from.
 *
 * @param textVersion the version of the consent text that was shown
 * @param language the language of the page the text was shown on, {@code null} for
 * sign-ups from before it was recorded
 * @param clientNetwork the sign-up's client address cut to its network (an IPv4 /24 or an
 * IPv6 /48), or {@code null}
 */
record Consent(String textVersion, Language language, Instant givenAt, String clientNetwork) {

	/**
	 * Cuts an address to its network: enough to spot a flood from one place, too little
	 * to point at a person. Hashing would not do: there are few enough IPv4 addresses to
	 * try them all.
	 */
	static String network(String clientAddress) {
		return ClientAddresses.parse(clientAddress).map(Consent::network).orElse(null);
	}

	private static String network(byte[] address) {
		try {
			if (address.length == 4) {
				address[3] = 0;
				return InetAddress.getByAddress(address).getHostAddress() + "/24";
			}
			return InetAddress.getByAddress(Arrays.copyOf(Arrays.copyOf(address, 6), 16)).getHostAddress() + "/48";
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}

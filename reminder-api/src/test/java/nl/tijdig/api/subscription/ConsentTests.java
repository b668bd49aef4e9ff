package nl.tijdig.api.subscription;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "192.0.2.77 | 192.0.2.0/24", "2001:db8:1:2:3::1 | 2001:db8:1:0:0:0:0:0/48",
			"::ffff:198.51.100.9 | 198.51.100.0/24", "localhost | ", "'' | " })
	void keepsOnlyTheNetworkOfAClient(String client, String network) {
		assertThat(Consent.network(client)).isEqualTo(network);
	}

}

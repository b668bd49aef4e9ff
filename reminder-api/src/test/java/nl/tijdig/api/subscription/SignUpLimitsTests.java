package nl.tijdig.api.subscription;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SignUpLimitsTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "192.0.2.7 | 192.0.2.7", "2001:db8:1:2:3:4:5:6 | 20010db800010002::/64",
					"2001:db8:1:2:ffff::1 | 20010db800010002::/64", "::ffff:192.0.2.7 | 192.0.2.7",
					"localhost | unparsable", "example.org | unparsable", "'' | unparsable" })
	void countsOneClientPerAddressAndOnePerIpv6Network(String remote, String key) {
		assertThat(SignUpLimits.clientKey(remote)).isEqualTo(key);
	}

	@Test
	void neverParsesAnAddressCarryingALineBreak() {
		assertThat(SignUpLimits.clientKey("192.0.2.7\r\nX-Injected: 1")).isEqualTo("unparsable");
	}

}

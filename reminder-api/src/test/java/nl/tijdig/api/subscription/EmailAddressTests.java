package nl.tijdig.api.subscription;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EmailAddressTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "  anna@example.nl  | anna@example.nl", "Anna@Example.NL | Anna@example.nl",
					"jan.de.vries+ai@sub.example.org | jan.de.vries+ai@sub.example.org",
					"zoë@bücher.example | zoë@xn--bcher-kva.example" })
	void normalisesWhatPeopleType(String typed, String stored) {
		assertThat(EmailAddress.parse(typed).value()).isEqualTo(stored);
	}

	@ParameterizedTest
	@ValueSource(strings = { "anna@example.nl\r\nBcc: victim@example.org", "anna@example.nl\nBcc:x@example.org",
			"anna\u0000@example.nl", "anna@example.nl\u2028", "anna@exa\u2029mple.nl", "anna@example.nl\u0085",
			"\ud800anna@example.nl" })
	void refusesHeaderInjectionShapes(String typed) {
		assertThatExceptionOfType(InvalidSignUpException.class).isThrownBy(() -> EmailAddress.parse(typed))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("email.unsafe-characters"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "anna", "@example.nl", "anna@", "anna@@example.nl", "an na@example.nl", "anna@example",
			"anna@-example.nl", "anna@example..nl", ".anna@example.nl", "anna.@example.nl", "\"quoted\"@example.nl",
			"anna@example.nl%0d%0aBcc:x@example.org" })
	void refusesWhatIsNotAnAddress(String typed) {
		assertThatExceptionOfType(InvalidSignUpException.class).isThrownBy(() -> EmailAddress.parse(typed))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("email.invalid"));
	}

	@Test
	void refusesAddressesLongerThanSmtpCarries() {
		String localPart = "a".repeat(65);
		assertThatExceptionOfType(InvalidSignUpException.class)
			.isThrownBy(() -> EmailAddress.parse(localPart + "@example.nl"));
		String longDomain = "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + "." + "g".repeat(63) + ".nl";
		assertThatExceptionOfType(InvalidSignUpException.class)
			.isThrownBy(() -> EmailAddress.parse("anna@" + longDomain))
			.satisfies((ex) -> assertThat(ex.code()).isIn("email.too-long", "email.invalid"));
		assertThatExceptionOfType(InvalidSignUpException.class)
			.isThrownBy(() -> EmailAddress.parse("a".repeat(1_000_000)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("email.too-long"));
	}

	@Test
	void requiresAnAddress() {
		assertThatExceptionOfType(InvalidSignUpException.class).isThrownBy(() -> EmailAddress.parse("   "))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("email.required"));
	}

}

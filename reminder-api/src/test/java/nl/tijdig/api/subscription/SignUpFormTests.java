package nl.tijdig.api.subscription;

import org.junit.jupiter.api.Test;

import nl.tijdig.events.Language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SignUpFormTests {

	@Test
	void acceptsACompleteForm() {
		SignUpForm.ValidSignUp valid = new SignUpForm(" anna@example.nl", "en", true, "", null).validate();

		assertThat(valid.email().value()).isEqualTo("anna@example.nl");
		assertThat(valid.language()).isEqualTo(Language.EN);
	}

	@Test
	void defaultsToDutch() {
		assertThat(new SignUpForm("anna@example.nl", null, true, null, null).validate().language())
			.isEqualTo(Language.NL);
	}

	@Test
	void reportsEveryWrongFieldAtOnce() {
		assertThatExceptionOfType(SignUpForm.Errors.class)
			.isThrownBy(() -> new SignUpForm("not-an-address", "de", false, "", null).validate())
			.satisfies((ex) -> assertThat(ex.byField()).containsExactly(
					org.assertj.core.api.Assertions.entry("email", "email.invalid"),
					org.assertj.core.api.Assertions.entry("language", "language.unknown"),
					org.assertj.core.api.Assertions.entry("consent", "consent.required")));
	}

	@Test
	void refusesALanguageCarryingALineBreak() {
		assertThatExceptionOfType(SignUpForm.Errors.class)
			.isThrownBy(() -> new SignUpForm("anna@example.nl", "en\r\nX-Injected: 1", true, "", null).validate())
			.satisfies((ex) -> assertThat(ex.byField()).containsEntry("language", "language.unknown"));
	}

	@Test
	void recognisesTheHoneypot() {
		assertThat(new SignUpForm("anna@example.nl", "nl", true, "http://spam.example", null).isBot()).isTrue();
		assertThat(new SignUpForm("anna@example.nl", "nl", true, "", null).isBot()).isFalse();
	}

}

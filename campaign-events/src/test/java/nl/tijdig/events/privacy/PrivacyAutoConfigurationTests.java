package nl.tijdig.events.privacy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import nl.tijdig.events.settings.LocalProfile;
import nl.tijdig.events.settings.MissingSettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class PrivacyAutoConfigurationTests {

	private static final String KEY = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0zMi1ieXRlcyE=";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PrivacyAutoConfiguration.class));

	/** Tried: a service that hashes addresses, without a key and the local profile. */
	@Test
	void refusesTheBuiltInKeyOutsideTheLocalProfile() {
		this.runner.run((context) -> {
			Throwable failure = catchThrowable(() -> context.getBean(KeyedHash.class));
			assertThat(failure).hasRootCauseInstanceOf(MissingSettingException.class);
			assertThat(failure).rootCause().hasMessageStartingWith("tijdig.privacy.hash-key");
		});
	}

	/** Tried: the public built-in key set by hand. */
	@Test
	void refusesTheBuiltInKeySetByHand() {
		this.runner.withPropertyValues("tijdig.privacy.hash-key=" + PrivacyProperties.LOCAL_KEY)
			.run((context) -> assertThat(catchThrowable(() -> context.getBean(KeyedHash.class)))
				.hasRootCauseInstanceOf(MissingSettingException.class));
	}

	@Test
	void takesTheBuiltInKeyInTheLocalProfile() {
		this.runner.withInitializer((context) -> context.getEnvironment().addActiveProfile(LocalProfile.NAME))
			.run((context) -> assertThat(context.getBean(KeyedHash.class).of("x")).hasSize(64));
	}

	@Test
	void hashesWithTheConfiguredKey() {
		this.runner.withPropertyValues("tijdig.privacy.hash-key=" + KEY)
			.run((context) -> assertThat(context.getBean(KeyedHash.class).of("anna@example.org"))
				.isEqualTo(new KeyedHash(Base64.getDecoder().decode(KEY)).of("anna@example.org")));
	}

	/** Tried: a key that is not base64, and one of 16 bytes. */
	@Test
	void refusesAKeyThatIsNoBase64OrTooShort() {
		this.runner.withPropertyValues("tijdig.privacy.hash-key=not base64!")
			.run((context) -> assertThat(catchThrowable(() -> context.getBean(KeyedHash.class)))
				.hasRootCauseInstanceOf(IllegalArgumentException.class)
				.rootCause()
				.hasMessageContaining("base64"));
		this.runner.withPropertyValues("tijdig.privacy.hash-key=AAAAAAAAAAAAAAAAAAAAAA==")
			.run((context) -> assertThat(catchThrowable(() -> context.getBean(KeyedHash.class)))
				.hasRootCauseInstanceOf(IllegalArgumentException.class)
				.rootCause()
				.hasMessageContaining("256 bits"));
	}

}

package nl.tijdig.events.link;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import nl.tijdig.events.settings.LocalProfile;
import nl.tijdig.events.settings.MissingSettingException;

import static org.assertj.core.api.Assertions.assertThat;

class LinkSigningAutoConfigurationTests {

	private static final String KEY = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0zMi1ieXRlcyE=";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LinkSigningAutoConfiguration.class));

	/**
	 * Tried: a service that signs links, started without a key and without the local
	 * profile.
	 */
	@Test
	void refusesTheBuiltInKeyOutsideTheLocalProfile() {
		this.runner.run((context) -> {
			Throwable failure = catchFailure(() -> context.getBean(LinkSigner.class));
			assertThat(failure).hasRootCauseInstanceOf(MissingSettingException.class);
			assertThat(failure).rootCause().hasMessageContaining("tijdig.links.keys");
		});
	}

	/** Tried: the public built-in key configured by hand under another id. */
	@Test
	void refusesTheBuiltInKeyUnderAnotherId() {
		this.runner
			.withPropertyValues("tijdig.links.keys.mine=" + LinkProperties.LOCAL_KEY, "tijdig.links.signing-key=mine")
			.run((context) -> assertThat(catchFailure(() -> context.getBean(LinkSigner.class)))
				.hasRootCauseInstanceOf(MissingSettingException.class));
	}

	@Test
	void takesTheBuiltInKeyInTheLocalProfile() {
		this.runner.withInitializer((context) -> context.getEnvironment().addActiveProfile(LocalProfile.NAME))
			.run((context) -> assertThat(context.getBean(LinkSigner.class)).isNotNull());
	}

	@Test
	void takesAConfiguredKeyWithoutTheLocalProfile() {
		this.runner.withPropertyValues("tijdig.links.keys.k1=" + KEY, "tijdig.links.signing-key=k1")
			.run((context) -> assertThat(context.getBean(LinkSigner.class)).isNotNull());
	}

	private static Throwable catchFailure(Runnable action) {
		try {
			action.run();
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

}

package nl.tijdig.events.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class MissingSettingFailureAnalyzerTests {

	private final MissingSettingException missing = new MissingSettingException("tijdig.notifier.bounces.token",
			"Anyone who reaches the port could suppress any address.", "`openssl rand -hex 32`");

	/** Tried: the exception as Spring reports it, wrapped in the bean that threw it. */
	@Test
	void namesTheSettingItsEnvironmentVariableAndHowToMakeAValue() {
		FailureAnalysis analysis = new MissingSettingFailureAnalyzer()
			.analyze(new BeanCreationException("bounceIntake", "failed", this.missing));

		assertThat(analysis.getDescription()).contains("tijdig.notifier.bounces.token")
			.contains("suppress any address");
		assertThat(analysis.getAction()).contains("TIJDIG_NOTIFIER_BOUNCES_TOKEN")
			.contains("openssl rand -hex 32")
			.contains("'local' profile");
	}

	@Test
	void leavesOtherFailuresToOtherAnalyzers() {
		assertThat(new MissingSettingFailureAnalyzer().analyze(new IllegalStateException("something else"))).isNull();
	}

	/** Tried: an application whose bean throws it while starting, as a service would. */
	@Test
	void reportsWhenAnApplicationFailsToStart(CapturedOutput output) {
		SpringApplication application = new SpringApplication(RefusingApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);

		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(application::run)
			.withRootCauseInstanceOf(MissingSettingException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The setting tijdig.notifier.bounces.token is missing")
			.contains("openssl rand -hex 32");
	}

	@Configuration(proxyBeanMethods = false)
	static class RefusingApplication {

		@Bean
		Object refusing() {
			throw new MissingSettingException("tijdig.notifier.bounces.token",
					"Anyone who reaches the port could suppress any address.", "`openssl rand -hex 32`");
		}

	}

	@Test
	void spellsIndexedSettingsAsEnvironmentVariables() {
		assertThat(MissingSettingFailureAnalyzer.environmentVariable("tijdig.console.operators[0].password-hash"))
			.isEqualTo("TIJDIG_CONSOLE_OPERATORS_0_PASSWORD_HASH");
	}

}

package nl.tijdig.events.settings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which setting a service refused to start without, and how to make a value, instead
 * of a stack trace. Registered in {@code META-INF/spring.factories}.
 */
class MissingSettingFailureAnalyzer extends AbstractFailureAnalyzer<MissingSettingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingSettingException cause) {
		String description = "The setting " + cause.setting() + " is missing. " + cause.purpose();
		String action = "Set " + cause.setting() + " (as a property, or as an environment variable in Spring's"
				+ " relaxed form, e.g. " + environmentVariable(cause.setting()) + "). To make a value: "
				+ cause.howToMake() + ". Only the '" + LocalProfile.NAME
				+ "' profile, which the embedded stack of the tests and the local stack turns on,"
				+ " runs without it.";
		return new FailureAnalysis(description, action, cause);
	}

	/**
	 * tijdig.console.operators[0].password-hash: TIJDIG_CONSOLE_OPERATORS_0_PASSWORD_HASH
	 */
	static String environmentVariable(String setting) {
		String first = setting.split("[ ,]")[0];
		return first.replaceAll("[.\\[]", "_").replace("]", "").replace("-", "_").replaceAll("_+", "_").toUpperCase();
	}

}

package nl.tijdig.api.console;

/**
 * One set of properties for every console test, so they share one application context.
 * The hashes are bcrypt (cost 4, quick to check) of {@code viewer-secret},
 * {@code operator-secret} and {@code limited-secret}.
 */
final class ConsoleTestSettings {

	static final String CONFIG_NAME = "spring.config.name=reminder-api";

	static final String NO_SIGNUP_LIMITS = "tijdig.signup.limits.enabled=false";

	static final String VIEWER = "tijdig.console.operators[0].username=viewer";

	static final String VIEWER_HASH = "tijdig.console.operators[0].password-hash=$2a$04$sP6H/RpnlQmk60Qd5rHg6egPlddNksbgbQcFuNCZ1lgGIlJerdQK.";

	static final String VIEWER_ROLE = "tijdig.console.operators[0].role=VIEWER";

	static final String OPERATOR = "tijdig.console.operators[1].username=operator";

	static final String OPERATOR_HASH = "tijdig.console.operators[1].password-hash=$2a$04$WOyPx9WlMKZslxjlBk9nyupNkqDC6.2lIbS2XJNQuihIPHkMAb1AC";

	static final String OPERATOR_ROLE = "tijdig.console.operators[1].role=OPERATOR";

	static final String LIMITED = "tijdig.console.operators[2].username=limited";

	static final String LIMITED_HASH = "tijdig.console.operators[2].password-hash=$2a$04$P1RYYoOE1SRZ1TnLntNdzOvWzACFbz2aCa2A0dsN.IarRGPapKVnu";

	static final String LIMITED_ROLE = "tijdig.console.operators[2].role=OPERATOR";

	static final String PER_USER_LIMIT = "tijdig.console.login-limits.per-user.count=3";

	static final String PER_USER_WINDOW = "tijdig.console.login-limits.per-user.per=1h";

	static final String QUICK_REFRESH = "tijdig.console.refresh-every=500ms";

	private ConsoleTestSettings() {
	}

}

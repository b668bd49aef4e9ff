package nl.tijdig.api.console;

/**
 * One set of properties for every console test, so they share one application context;
 * other features' tests log in to the console with them too. The hashes are bcrypt (cost
 * 4, quick to check) of {@code viewer-secret}, {@code operator-secret} and
 * {@code limited-secret}.
 */
public final class ConsoleTestSettings {

	public static final String CONFIG_NAME = "spring.config.name=reminder-api";

	public static final String NO_SIGNUP_LIMITS = "tijdig.signup.limits.enabled=false";

	public static final String VIEWER = "tijdig.console.operators[0].username=viewer";

	public static final String VIEWER_HASH = "tijdig.console.operators[0].password-hash=$2a$04$sP6H/RpnlQmk60Qd5rHg6egPlddNksbgbQcFuNCZ1lgGIlJerdQK.";

	public static final String VIEWER_ROLE = "tijdig.console.operators[0].role=VIEWER";

	public static final String OPERATOR = "tijdig.console.operators[1].username=operator";

	public static final String OPERATOR_HASH = "tijdig.console.operators[1].password-hash=$2a$04$WOyPx9WlMKZslxjlBk9nyupNkqDC6.2lIbS2XJNQuihIPHkMAb1AC";

	public static final String OPERATOR_ROLE = "tijdig.console.operators[1].role=OPERATOR";

	public static final String LIMITED = "tijdig.console.operators[2].username=limited";

	public static final String LIMITED_HASH = "tijdig.console.operators[2].password-hash=$2a$04$P1RYYoOE1SRZ1TnLntNdzOvWzACFbz2aCa2A0dsN.IarRGPapKVnu";

	public static final String LIMITED_ROLE = "tijdig.console.operators[2].role=OPERATOR";

	public static final String LOGIN_LIMIT = "tijdig.console.login-limits.per-client-and-user.count=3";

	public static final String LOGIN_WINDOW = "tijdig.console.login-limits.per-client-and-user.per=1h";

	public static final String QUICK_REFRESH = "tijdig.console.refresh-every=500ms";

	private ConsoleTestSettings() {
	}

}

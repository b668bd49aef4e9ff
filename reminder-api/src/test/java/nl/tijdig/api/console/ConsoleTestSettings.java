package nl.tijdig.api.console;

/**
 * The properties of the shared test context ({@code ReminderApiIntegrationTest}): the
 * console's operators and short limits; tests of every feature log in with them. The
 * hashes are bcrypt (cost 4, quick to check) of {@code viewer-secret},
 * {@code operator-secret} and {@code limited-secret}.
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

	/**
	 * An operator of its own for the test sends' limit, with the password of
	 * {@code operator}.
	 */
	public static final String SENDER = "tijdig.console.operators[3].username=sender";

	public static final String SENDER_HASH = "tijdig.console.operators[3].password-hash=$2a$04$WOyPx9WlMKZslxjlBk9nyupNkqDC6.2lIbS2XJNQuihIPHkMAb1AC";

	public static final String SENDER_ROLE = "tijdig.console.operators[3].role=OPERATOR";

	public static final String PREVIEW_TIMEOUT = "tijdig.console.previews.timeout=1s";

	public static final String TEST_SENDS = "tijdig.console.previews.test-sends.count=3";

	public static final String TEST_SENDS_PER = "tijdig.console.previews.test-sends.per=1h";

	/**
	 * A consumer group that nobody consumes in, whose offsets the consumer-lag test moves
	 * itself.
	 */
	public static final String LAG_TEST_GROUP = "tijdig-console-lag-test";

	/** The services' groups, in their default order, and the test's. */
	public static final String LAG_GROUPS = "tijdig.console.consumer-lag.groups=tijdig-scheduler,tijdig-notifier,"
			+ "tijdig-reminder-api," + LAG_TEST_GROUP;

	public static final String LAG_CACHE = "tijdig.console.consumer-lag.cache-for=1s";

	private ConsoleTestSettings() {
	}

}

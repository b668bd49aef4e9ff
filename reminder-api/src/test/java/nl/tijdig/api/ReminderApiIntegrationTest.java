package nl.tijdig.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import nl.tijdig.testinfra.WithInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static nl.tijdig.api.console.ConsoleTestSettings.CONFIG_NAME;
import static nl.tijdig.api.console.ConsoleTestSettings.LAG_CACHE;
import static nl.tijdig.api.console.ConsoleTestSettings.LAG_GROUPS;
import static nl.tijdig.api.console.ConsoleTestSettings.LIMITED;
import static nl.tijdig.api.console.ConsoleTestSettings.LIMITED_HASH;
import static nl.tijdig.api.console.ConsoleTestSettings.LIMITED_ROLE;
import static nl.tijdig.api.console.ConsoleTestSettings.LOGIN_LIMIT;
import static nl.tijdig.api.console.ConsoleTestSettings.LOGIN_WINDOW;
import static nl.tijdig.api.console.ConsoleTestSettings.NO_SIGNUP_LIMITS;
import static nl.tijdig.api.console.ConsoleTestSettings.OPERATOR;
import static nl.tijdig.api.console.ConsoleTestSettings.OPERATOR_HASH;
import static nl.tijdig.api.console.ConsoleTestSettings.OPERATOR_ROLE;
import static nl.tijdig.api.console.ConsoleTestSettings.PREVIEW_TIMEOUT;
import static nl.tijdig.api.console.ConsoleTestSettings.QUICK_REFRESH;
import static nl.tijdig.api.console.ConsoleTestSettings.SENDER;
import static nl.tijdig.api.console.ConsoleTestSettings.SENDER_HASH;
import static nl.tijdig.api.console.ConsoleTestSettings.SENDER_ROLE;
import static nl.tijdig.api.console.ConsoleTestSettings.TEST_SENDS;
import static nl.tijdig.api.console.ConsoleTestSettings.TEST_SENDS_PER;
import static nl.tijdig.api.console.ConsoleTestSettings.VIEWER;
import static nl.tijdig.api.console.ConsoleTestSettings.VIEWER_HASH;
import static nl.tijdig.api.console.ConsoleTestSettings.VIEWER_ROLE;

/**
 * reminder-api on the shared embedded Kafka and PostgreSQL, on a free port, with the
 * console's operators, one demo campaign ({@link #DEMO}) and the short limits the tests
 * of every feature need. Every integration test that needs no setting of its own uses
 * exactly this, so they share one cached application context: one start, and one listener
 * container in the service's consumer group, as in production. A test that must change a
 * setting for the whole service (limits on, a short session, a broken database) starts a
 * context of its own, in a consumer group of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { CONFIG_NAME, NO_SIGNUP_LIMITS, VIEWER, VIEWER_HASH, VIEWER_ROLE, OPERATOR, OPERATOR_HASH,
				OPERATOR_ROLE, LIMITED, LIMITED_HASH, LIMITED_ROLE, SENDER, SENDER_HASH, SENDER_ROLE, LOGIN_LIMIT,
				LOGIN_WINDOW, QUICK_REFRESH, PREVIEW_TIMEOUT, TEST_SENDS, TEST_SENDS_PER, LAG_GROUPS, LAG_CACHE,
				"tijdig.demo.enabled=true", "tijdig.demo.slug=" + ReminderApiIntegrationTest.DEMO,
				// Retention erasure runs when a test asks, in small batches.
				"tijdig.erasure.batch-size=3", "tijdig.erasure.check-every=1h" })
@WithInfrastructure
public @interface ReminderApiIntegrationTest {

	/** The slug of the demo campaign, published at start with a deadline minutes away. */
	String DEMO = "demo-it";

}

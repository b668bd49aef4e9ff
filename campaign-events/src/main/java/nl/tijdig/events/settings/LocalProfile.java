package nl.tijdig.events.settings;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The profile of a machine of one's own: the embedded stack turns it on for tests, the
 * local stack and benchmarks. Only there may a service run on the built-in link key, an
 * open bounce intake or a generated console password.
 */
public final class LocalProfile {

	/** The profile's name. */
	public static final String NAME = "local";

	private LocalProfile() {
	}

	/** Whether the environment runs with the {@code local} profile. */
	public static boolean isActive(Environment environment) {
		return environment.acceptsProfiles(Profiles.of(NAME));
	}

}

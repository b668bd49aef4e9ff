package nl.tijdig.api.console.access;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import nl.tijdig.events.settings.MissingSettingException;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The operator accounts, from configuration. They live in memory: configuration is their
 * source of truth, the same on every instance, and a password is only ever held as its
 * bcrypt hash.
 */
final class Operators {

	private static final Log logger = LogFactory.getLog(Operators.class);

	private Operators() {
	}

	/**
	 * @param local whether the {@code local} profile is on, the only place where a
	 * console without configured operators gets a generated password
	 */
	static InMemoryUserDetailsManager from(AccessProperties properties, BCryptPasswordEncoder encoder, boolean local) {
		List<UserDetails> users = new ArrayList<>();
		for (AccessProperties.Operator operator : properties.operators()) {
			users.add(User.withUsername(operator.username())
				.password(operator.passwordHash())
				.roles(operator.role().name())
				.build());
		}
		if (users.isEmpty()) {
			if (!local) {
				throw new MissingSettingException("tijdig.console.operators[0].username, .password-hash and .role",
						"Without configured operators the console would make an admin whose password is written"
								+ " to the log, where everyone who reads the logs finds it.",
						"a bcrypt hash of a password with `htpasswd -nbBC 12 \"\" 'the password' | tr -d ':'`,"
								+ " the role VIEWER or OPERATOR");
			}
			users.add(firstRunAdmin(encoder));
		}
		return new InMemoryUserDetailsManager(users);
	}

	/**
	 * On a machine of one's own (the {@code local} profile) without configured operators,
	 * an admin is made with a password that exists only in this log line: a new one at
	 * every start until operators are configured.
	 */
	private static UserDetails firstRunAdmin(BCryptPasswordEncoder encoder) {
		byte[] random = new byte[18];
		new SecureRandom().nextBytes(random);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		logger.warn("No operators configured (tijdig.console.operators): log in to /admin as 'admin' with password "
				+ password + " . It is shown only now and changes at every start; configure operators to keep one.");
		return User.withUsername("admin").password(encoder.encode(password)).roles("OPERATOR").build();
	}

}

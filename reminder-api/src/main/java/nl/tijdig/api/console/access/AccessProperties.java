package nl.tijdig.api.console.access;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import nl.tijdig.api.ratelimit.RateLimit;

/**
 * Who may use the operator console and how long a login lasts.
 *
 * @param operators the accounts; required, but for the {@code local} profile, where with
 * none an {@code admin} with a random password is made at start-up and its password
 * logged once
 * @param sessionTimeout how long a session lasts without a request
 * @param loginLimits login attempts allowed per client address and per client address and
 * user name, counted in PostgreSQL so the limits hold across instances
 */
@ConfigurationProperties("tijdig.console")
@Validated
record AccessProperties(@Valid List<Operator> operators, @DefaultValue("30m") @NotNull Duration sessionTimeout,
		@Valid LoginLimits loginLimits) {

	AccessProperties {
		operators = (operators != null) ? List.copyOf(operators) : List.of();
		// Defaults here rather than in @DefaultValue, which cannot build a nested record.
		loginLimits = (loginLimits != null) ? loginLimits : new LoginLimits(null, null);
	}

	/**
	 * One operator.
	 *
	 * @param passwordHash a bcrypt hash, e.g. from {@code htpasswd -nbBC 12 "" secret};
	 * never the password itself
	 */
	record Operator(@NotBlank @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}") String username,
			@NotBlank @Pattern(regexp = "\\$2[aby]?\\$\\d{2}\\$.{53}",
					message = "must be a bcrypt hash") String passwordHash,
			@NotNull Role role) {
	}

	/**
	 * Login attempts allowed; an attempt counts until it succeeds.
	 *
	 * @param perClientAndUser for one user name from one client address: 5 per 15
	 * minutes. Never for a user name alone, which would let anyone lock an operator out
	 * @param perClient from one client address, whichever names it tries: 20 per 15
	 * minutes, since several operators may share an office's address
	 */
	record LoginLimits(@Valid RateLimit perClientAndUser, @Valid RateLimit perClient) {

		LoginLimits {
			perClientAndUser = (perClientAndUser != null) ? perClientAndUser : new RateLimit(5, Duration.ofMinutes(15));
			perClient = (perClient != null) ? perClient : new RateLimit(20, Duration.ofMinutes(15));
		}

	}

	/** What an operator may do. */
	enum Role {

		/** Sees campaigns and their numbers. */
		VIEWER,

		/** Also creates, edits, publishes and closes campaigns. */
		OPERATOR

	}

}

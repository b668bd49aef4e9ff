package nl.tijdig.notifier.bounce;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import jakarta.validation.Valid;
import nl.tijdig.events.settings.LocalProfile;
import nl.tijdig.events.settings.MissingSettingException;
import nl.tijdig.notifier.delivery.Bounces;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /bounces}: a bounce report as JSON ({@link BounceReport}). A hard bounce
 * suppresses the address and marks the message bounced; a soft one is only counted, as
 * the relay's own retries deal with it. Answers 202 once recorded, 400 for a report that
 * is not one, 401 without the configured token, 503 if the database is away. The 202 is
 * the same whether the address or message was ever known here, so the intake tells nobody
 * who gets mail from us.
 * <p>
 * The token is required but for the {@code local} profile, where the intake is open.
 */
@RestController
class BounceIntake {

	private static final Log logger = LogFactory.getLog(BounceIntake.class);

	private final Bounces bounces;

	private final byte[] token;

	BounceIntake(Bounces bounces, BounceProperties properties, Environment environment) {
		this.bounces = bounces;
		this.token = properties.token().getBytes(StandardCharsets.UTF_8);
		if (this.token.length == 0) {
			if (!LocalProfile.isActive(environment)) {
				throw new MissingSettingException("tijdig.notifier.bounces.token",
						"Without it anyone who reaches the notifier's port could report any address as bounced"
								+ " and so stop its reminders.",
						"`openssl rand -hex 32`, given to the relay's bounce reporter as its bearer token");
			}
			logger.warn("tijdig.notifier.bounces.token is not set (profile 'local'): anyone who reaches this port"
					+ " can report bounces");
		}
	}

	@PostMapping(path = "/bounces", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> report(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@Valid @RequestBody BounceReport report) {
		if (!authorized(authorization)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
					"A bounce report needs the bearer token");
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
				.body(problem);
		}
		if (report.hard()) {
			String detail = "hard bounce" + ((report.status() != null) ? " (" + report.status() + ")" : "");
			this.bounces.hardBounce(blankToNull(report.recipient()), report.messageId(), detail);
		}
		// Whether a message was found stays here: the answer would tell who was mailed.
		return ResponseEntity.accepted().body(Map.of("type", report.type()));
	}

	private boolean authorized(String authorization) {
		if (this.token.length == 0) {
			return true;
		}
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return false;
		}
		// Constant time: the token must not leak through how fast a wrong one fails.
		return MessageDigest.isEqual(this.token,
				authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	@ExceptionHandler(DataAccessException.class)
	ProblemDetail databaseAway(DataAccessException ex) {
		logger.warn("Cannot record a bounce now: " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Cannot record bounces right now; try again later");
		problem.setType(URI.create("about:blank"));
		return problem;
	}

}

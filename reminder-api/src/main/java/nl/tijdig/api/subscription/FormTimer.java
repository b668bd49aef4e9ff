package nl.tijdig.api.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Component;

import nl.tijdig.events.link.InvalidLinkException;
import nl.tijdig.events.link.LinkPurpose;
import nl.tijdig.events.link.LinkSigner;

/**
 * Dates the sign-up form with a signed token when it is shown, so a submission that comes
 * back faster than a person can fill in the form is known for a bot's.
 */
@Component
class FormTimer {

	/** A form left open longer than this is shown again rather than taken. */
	private static final Duration VALIDITY = Duration.ofDays(1);

	private static final UUID NOBODY = new UUID(0, 0);

	private final LinkSigner signer;

	private final SignUpLimitsProperties properties;

	private final Clock clock;

	FormTimer(LinkSigner signer, SignUpLimitsProperties properties, Clock clock) {
		this.signer = signer;
		this.properties = properties;
		this.clock = clock;
	}

	String start() {
		return this.signer.sign(LinkPurpose.SIGN_UP_FORM, NOBODY, this.clock.instant().plus(VALIDITY));
	}

	/** Judges a submission by when its form was shown. */
	Verdict judge(String token) {
		if (!this.properties.enabled()) {
			return Verdict.PERSON;
		}
		Instant now = this.clock.instant();
		Instant shown;
		try {
			shown = this.signer.verify(token, LinkPurpose.SIGN_UP_FORM, now).expiresAt().minus(VALIDITY);
		}
		catch (InvalidLinkException ex) {
			return Verdict.UNKNOWN_FORM;
		}
		return now.isBefore(shown.plus(this.properties.minimumFillTime())) ? Verdict.TOO_FAST : Verdict.PERSON;
	}

	enum Verdict {

		/** Shown by us long enough ago. */
		PERSON,

		/** Faster than anyone types: a bot, which is answered as if it succeeded. */
		TOO_FAST,

		/** Not a form we showed, or one left open too long: shown again to fill in. */
		UNKNOWN_FORM

	}

}

package nl.tijdig.infrastructure;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Mailpit's "chaos" trigger for recipients: the SMTP server answers RCPT TO with an
 * error, with a given probability. Tests of retries and bounces set it through the API
 * ({@code PUT /api/v1/chaos}), the same call that Mailpit takes when started with
 * {@code --enable-chaos}; probability 100 fails every time. Mailpit's triggers for the
 * sender and authentication are left out: nothing here needs them.
 */
final class SmtpChaos {

	static final Trigger DEFAULT = new Trigger(451, 0);

	private volatile Trigger recipient = DEFAULT;

	void set(Trigger recipient) {
		this.recipient = recipient;
	}

	Map<String, Object> toJson() {
		return Map.of("Recipient", this.recipient.toJson());
	}

	/**
	 * A GreenMail whose SMTP conversation consults these triggers.
	 */
	GreenMail greenMail(ServerSetup setup) {
		return new ChaoticGreenMail(setup, this);
	}

	/**
	 * One trigger.
	 *
	 * @param errorCode the SMTP reply code, 400 to 599
	 * @param probability the chance of failing in percent, 0 to 100
	 */
	record Trigger(int errorCode, int probability) {

		Trigger {
			if (errorCode < 400 || errorCode > 599) {
				throw new IllegalArgumentException("error code must be between 400 and 599");
			}
			if (probability < 0 || probability > 100) {
				throw new IllegalArgumentException("probability must be between 0 and 100");
			}
		}

		boolean fires() {
			return this.probability > 0 && ThreadLocalRandom.current().nextInt(100) < this.probability;
		}

		Map<String, Object> toJson() {
			return Map.of("ErrorCode", this.errorCode, "Probability", this.probability);
		}

	}

	// GreenMail has no hook for refusing a command, so its managers are replaced: start()
	// builds the SMTP service from the field set here.
	private static final class ChaoticGreenMail extends GreenMail {

		ChaoticGreenMail(ServerSetup setup, SmtpChaos chaos) {
			super(setup);
			this.managers = new ChaoticManagers(chaos);
		}

	}

	private static final class ChaoticManagers extends Managers {

		private final SmtpManager smtp;

		ChaoticManagers(SmtpChaos chaos) {
			this.smtp = new ChaoticSmtpManager(getImapHostManager(), getUserManager(), chaos);
		}

		@Override
		public SmtpManager getSmtpManager() {
			return this.smtp;
		}

	}

	private static final class ChaoticSmtpManager extends SmtpManager {

		private final SmtpChaos chaos;

		ChaoticSmtpManager(ImapHostManager imapHostManager, UserManager userManager, SmtpChaos chaos) {
			super(imapHostManager, userManager);
			this.chaos = chaos;
		}

		@Override
		public String checkRecipient(SmtpState state, MailAddress recipient) {
			Trigger trigger = this.chaos.recipient;
			return trigger.fires() ? trigger.errorCode() + " Chaos triggered on recipient" : null;
		}

	}

}

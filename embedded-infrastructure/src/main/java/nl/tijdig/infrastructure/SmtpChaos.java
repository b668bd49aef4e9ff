package nl.tijdig.infrastructure;

import java.util.LinkedHashMap;
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
 * Mailpit's "chaos" triggers: the SMTP server answers the sender (MAIL FROM), a recipient
 * (RCPT TO) or authentication with an error, with a given probability. Tests of retries
 * and bounces set them through the API ({@code PUT /api/v1/chaos}), the same call that
 * Mailpit takes when started with {@code --enable-chaos}; probability 100 fails every
 * time.
 */
final class SmtpChaos {

	static final Trigger SENDER_DEFAULT = new Trigger(451, 0);

	static final Trigger RECIPIENT_DEFAULT = new Trigger(451, 0);

	static final Trigger AUTHENTICATION_DEFAULT = new Trigger(535, 0);

	private volatile Trigger sender = SENDER_DEFAULT;

	private volatile Trigger recipient = RECIPIENT_DEFAULT;

	private volatile Trigger authentication = AUTHENTICATION_DEFAULT;

	/**
	 * Replaces all three triggers, as Mailpit does: one left out is reset.
	 */
	synchronized void set(Trigger sender, Trigger recipient, Trigger authentication) {
		this.sender = (sender != null) ? sender : SENDER_DEFAULT;
		this.recipient = (recipient != null) ? recipient : RECIPIENT_DEFAULT;
		this.authentication = (authentication != null) ? authentication : AUTHENTICATION_DEFAULT;
	}

	Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("Sender", this.sender.toJson());
		json.put("Recipient", this.recipient.toJson());
		json.put("Authentication", this.authentication.toJson());
		return json;
	}

	/**
	 * A GreenMail whose SMTP conversation consults these triggers.
	 */
	GreenMail greenMail(ServerSetup setup) {
		return new ChaoticGreenMail(setup, this);
	}

	private static String reply(Trigger trigger, String stage) {
		return trigger.fires() ? trigger.errorCode() + " Chaos triggered on " + stage : null;
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
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("ErrorCode", this.errorCode);
			json.put("Probability", this.probability);
			return json;
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

		private final UserManager users;

		private final SmtpManager smtp;

		ChaoticManagers(SmtpChaos chaos) {
			this.users = new ChaoticUserManager(getImapHostManager(), chaos);
			this.smtp = new ChaoticSmtpManager(getImapHostManager(), this.users, chaos);
		}

		@Override
		public UserManager getUserManager() {
			return this.users;
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
		public String checkSender(SmtpState state, MailAddress sender) {
			return reply(this.chaos.sender, "sender");
		}

		@Override
		public String checkRecipient(SmtpState state, MailAddress recipient) {
			return reply(this.chaos.recipient, "recipient");
		}

	}

	// GreenMail answers a failed authentication with 535 whatever the trigger's code.
	private static final class ChaoticUserManager extends UserManager {

		private final SmtpChaos chaos;

		ChaoticUserManager(ImapHostManager imapHostManager, SmtpChaos chaos) {
			super(imapHostManager);
			this.chaos = chaos;
		}

		@Override
		public boolean test(String userId, String password) {
			return !this.chaos.authentication.fires() && super.test(userId, password);
		}

	}

}

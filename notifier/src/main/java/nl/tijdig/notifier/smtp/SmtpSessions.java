package nl.tijdig.notifier.smtp;

import java.util.Properties;

import jakarta.mail.Session;

/**
 * The Jakarta Mail session the connections are made in: Boot's {@code spring.mail.*} with
 * the timeouts and TLS of {@link SmtpProperties} on top, so that neither can be
 * forgotten. Jakarta Mail waits forever by default, and a hung relay must not hang a
 * sending thread.
 */
final class SmtpSessions {

	private SmtpSessions() {
	}

	static Session create(Properties base, SmtpProperties properties) {
		return Session.getInstance(properties(base, properties));
	}

	static Properties properties(Properties base, SmtpProperties properties) {
		Properties all = new Properties();
		all.putAll(base);
		all.setProperty("mail.smtp.connectiontimeout", millis(properties.connectTimeout().toMillis()));
		all.setProperty("mail.smtp.timeout", millis(properties.readTimeout().toMillis()));
		// Wait for the reply to QUIT no longer than for any other; its outcome does
		// not matter.
		all.setProperty("mail.smtp.quitwait", "false");
		// An object, not a class name: Angus takes the instance as it is. Its sockets
		// time their writes out themselves. Implicit TLS makes its own sockets
		// (mail.smtp.ssl.*), with Nagle's algorithm on: Angus times their writes out.
		all.put("mail.smtp.socketFactory", new RelaySockets(properties.writeTimeout()));
		if (properties.tls() == SmtpProperties.Tls.IMPLICIT) {
			all.setProperty("mail.smtp.writetimeout", millis(properties.writeTimeout().toMillis()));
		}
		boolean tls = properties.tls() != SmtpProperties.Tls.NONE;
		all.setProperty("mail.smtp.ssl.enable", Boolean.toString(properties.tls() == SmtpProperties.Tls.IMPLICIT));
		all.setProperty("mail.smtp.starttls.enable",
				Boolean.toString(properties.tls() == SmtpProperties.Tls.STARTTLS_OPTIONAL
						|| properties.tls() == SmtpProperties.Tls.STARTTLS_REQUIRED));
		all.setProperty("mail.smtp.starttls.required",
				Boolean.toString(properties.tls() == SmtpProperties.Tls.STARTTLS_REQUIRED));
		if (tls) {
			// Encryption without checking who is on the other end protects nothing.
			all.setProperty("mail.smtp.ssl.checkserveridentity", "true");
		}
		return all;
	}

	private static String millis(long millis) {
		return Long.toString(millis);
	}

}

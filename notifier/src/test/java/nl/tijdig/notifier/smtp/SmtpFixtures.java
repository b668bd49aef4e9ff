package nl.tijdig.notifier.smtp;

import java.time.Clock;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationContext;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The parts of this package that tests of the packages using it build on, made the way
 * the application makes them.
 */
public final class SmtpFixtures {

	private SmtpFixtures() {
	}

	/** The {@code Message-ID} the notifier gives a subscriber's message. */
	public static String messageId(UUID subscriberId, String messageKey, String sendingDomain) {
		return MessageIds.of(subscriberId, messageKey, sendingDomain);
	}

	/** The right-hand side of every {@code Message-ID}, as the application bound it. */
	public static String sendingDomain(ApplicationContext context) {
		return context.getBean(SenderProperties.class).sendingDomain();
	}

	/** The domain campaigns' {@code List-Id}s are under, as the application bound it. */
	public static String listIdDomain(ApplicationContext context) {
		return context.getBean(SenderProperties.class).listIdDomain();
	}

	/** A mailer with the default sender, without DKIM. */
	public static Mailer mailer() {
		return new Mailer(new SenderProperties("Tijdig <herinnering@tijdig.example>", "tijdig.example",
				"lists.tijdig.example", "", false), Clock.systemUTC(), DkimSigning.off());
	}

	/** The relay {@code mail} names, its connections counted in {@code meters}. */
	public static Relay relay(JavaMailSenderImpl mail, SmtpProperties properties, MeterRegistry meters) {
		return new SmtpConnections(mail, properties, Clock.systemUTC(), meters);
	}

}

package nl.tijdig.notifier.delivery;

import java.time.Clock;

import jakarta.mail.Session;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Makes the connections to the relay, all with the same settings: Boot's
 * {@code spring.mail.*} for where and as whom, {@link SmtpProperties} for timeouts and
 * TLS. The sending threads keep theirs open; a test send opens one for itself.
 */
@Component
class SmtpConnections {

	private final Session session;

	private final SmtpConnection.SmtpRelay relay;

	private final SmtpProperties properties;

	private final Clock clock;

	private final DeliveryMetrics metrics;

	SmtpConnections(JavaMailSenderImpl mail, SmtpProperties properties, Clock clock, DeliveryMetrics metrics) {
		this.session = SmtpSessions.create(mail.getJavaMailProperties(), properties);
		this.relay = new SmtpConnection.SmtpRelay(mail.getHost(), (mail.getPort() > 0) ? mail.getPort() : 25,
				mail.getUsername(), mail.getPassword());
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
	}

	/** A connection that is opened on its first use. */
	SmtpConnection create() {
		return new SmtpConnection(this.session, this.relay, this.properties, this.clock,
				this.metrics::connectionOpened);
	}

}

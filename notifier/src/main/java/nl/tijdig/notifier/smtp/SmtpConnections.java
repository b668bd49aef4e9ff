package nl.tijdig.notifier.smtp;

import java.time.Clock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Session;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Makes the connections to the relay, all with the same settings: Boot's
 * {@code spring.mail.*} for where and as whom, {@link SmtpProperties} for timeouts and
 * TLS. The sending threads keep theirs open; a test send opens one for itself. The
 * connections opened are counted ({@code tijdig.notifier.smtp.connections}).
 */
@Component
class SmtpConnections implements Relay {

	private final Session session;

	private final SmtpConnection.SmtpRelay relay;

	private final SmtpProperties properties;

	private final Clock clock;

	private final Counter connections;

	SmtpConnections(JavaMailSenderImpl mail, SmtpProperties properties, Clock clock, MeterRegistry registry) {
		this.session = SmtpSessions.create(mail.getJavaMailProperties(), properties);
		this.relay = new SmtpConnection.SmtpRelay(mail.getHost(), (mail.getPort() > 0) ? mail.getPort() : 25,
				mail.getUsername(), mail.getPassword());
		this.properties = properties;
		this.clock = clock;
		this.connections = Counter.builder("tijdig.notifier.smtp.connections")
			.description("SMTP connections opened")
			.register(registry);
	}

	@Override
	public RelayConnection connection() {
		return new SmtpConnection(this.session, this.relay, this.properties, this.clock, this.connections::increment);
	}

}

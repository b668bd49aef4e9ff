package nl.tijdig.notifier.smtp;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpSessionsTests {

	@Test
	void everyTimeoutIsSetBecauseJakartaMailWaitsForeverByDefault() {
		Properties session = SmtpSessions.properties(new Properties(), properties(SmtpProperties.Tls.NONE));

		assertThat(session).containsEntry("mail.smtp.connectiontimeout", "5000")
			.containsEntry("mail.smtp.timeout", "60000")
			.doesNotContainKey("mail.smtp.writetimeout");
		// The sockets time their writes out themselves.
		assertThat(session.get("mail.smtp.socketFactory")).isInstanceOf(RelaySockets.class);
	}

	@Test
	void implicitTlsSocketsAreTimedOutByAngus() {
		// The JDK's TLS factory makes those sockets, not ours.
		assertThat(SmtpSessions.properties(new Properties(), properties(SmtpProperties.Tls.IMPLICIT)))
			.containsEntry("mail.smtp.writetimeout", "30000");
	}

	@Test
	void starttlsCanBeRequired() {
		Properties session = SmtpSessions.properties(new Properties(),
				properties(SmtpProperties.Tls.STARTTLS_REQUIRED));

		assertThat(session).containsEntry("mail.smtp.starttls.enable", "true")
			.containsEntry("mail.smtp.starttls.required", "true")
			.containsEntry("mail.smtp.ssl.checkserveridentity", "true")
			.containsEntry("mail.smtp.ssl.enable", "false");
	}

	@Test
	void starttlsIsOptionalOrOffOrImplicit() {
		assertThat(SmtpSessions.properties(new Properties(), properties(SmtpProperties.Tls.STARTTLS_OPTIONAL)))
			.containsEntry("mail.smtp.starttls.enable", "true")
			.containsEntry("mail.smtp.starttls.required", "false");
		assertThat(SmtpSessions.properties(new Properties(), properties(SmtpProperties.Tls.NONE)))
			.containsEntry("mail.smtp.starttls.enable", "false");
		assertThat(SmtpSessions.properties(new Properties(), properties(SmtpProperties.Tls.IMPLICIT)))
			.containsEntry("mail.smtp.ssl.enable", "true");
	}

	@Test
	void theBackoffDoublesUpToItsCap() {
		SmtpProperties.Retry retry = new SmtpProperties.Retry(Duration.ofSeconds(30), Duration.ofMinutes(5), 10);

		assertThat(retry.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
		assertThat(retry.backoffAfter(2)).isEqualTo(Duration.ofSeconds(60));
		assertThat(retry.backoffAfter(4)).isEqualTo(Duration.ofSeconds(240));
		assertThat(retry.backoffAfter(5)).isEqualTo(Duration.ofMinutes(5));
		assertThat(retry.backoffAfter(500)).isEqualTo(Duration.ofMinutes(5));
	}

	private static SmtpProperties properties(SmtpProperties.Tls tls) {
		return new SmtpProperties(2, 20, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(30), tls,
				true, Duration.ofSeconds(30), 100, Duration.ofSeconds(1), Duration.ofMinutes(10),
				new SmtpProperties.Retry(Duration.ofSeconds(30), Duration.ofMinutes(30), 10),
				new SmtpProperties.Breaker(5, Duration.ofMinutes(5)));
	}

}

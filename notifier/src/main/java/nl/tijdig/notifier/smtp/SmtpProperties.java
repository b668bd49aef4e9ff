package nl.tijdig.notifier.smtp;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the notifier talks to its SMTP relay. The relay's address and credentials are
 * Boot's {@code spring.mail.*}; everything about how the connections are used is here,
 * the sending threads' pace included, which is why delivery reads it too.
 *
 * @param concurrency how many connections (and sending threads) one instance keeps at
 * most; the relay sees this many times the number of instances
 * @param batchSize how many due messages a sending thread takes at once; they all go over
 * its one connection
 * @param connectTimeout how long to wait for the relay to accept a connection
 * @param readTimeout how long to wait for any reply, the one after the message body
 * included: a message whose reply does not come in time is in doubt and never resent
 * @param writeTimeout how long one write to the relay may block
 * @param tls whether and how the connection is encrypted
 * @param pipelining whether to write {@code MAIL FROM}, {@code RCPT TO} and {@code DATA}
 * at once to a relay that says it takes them so (RFC 2920): off only for a relay that
 * says so and does not
 * @param idleTimeout a connection not used for this long is closed (relays drop idle
 * connections anyway, often without saying so)
 * @param maxMessagesPerConnection after this many messages the connection is renewed, as
 * relays limit messages per connection
 * @param pollInterval how often a sending thread looks for due messages when nobody wakes
 * it (a retry falling due, a lease expiring, another instance's claim)
 * @param lease how long a sending thread owns the messages it took, and a message it
 * hands to the relay from that moment on; a message still claimed after that is taken
 * again (with a new claim token: the thread that held it sends and records nothing more
 * of it), one still being handed over after that (the process died) is in doubt. Must
 * exceed the read timeout
 * @param retry the back-off of messages that failed for the moment
 * @param breaker when a run of the relay's policy refusals pauses sending
 */
@Validated
@ConfigurationProperties("tijdig.notifier.smtp")
public record SmtpProperties(@DefaultValue("2") @Min(1) @Max(64) int concurrency,
		@DefaultValue("20") @Min(1) @Max(1000) int batchSize, @DefaultValue("5s") @NotNull Duration connectTimeout,
		@DefaultValue("60s") @NotNull Duration readTimeout, @DefaultValue("30s") @NotNull Duration writeTimeout,
		@DefaultValue("STARTTLS_OPTIONAL") @NotNull Tls tls, @DefaultValue("true") boolean pipelining,
		@DefaultValue("30s") @NotNull Duration idleTimeout, @DefaultValue("100") @Min(1) int maxMessagesPerConnection,
		@DefaultValue("1s") @NotNull Duration pollInterval, @DefaultValue("10m") @NotNull Duration lease,
		@DefaultValue @Valid @NotNull Retry retry, @DefaultValue @Valid @NotNull Breaker breaker) {

	/**
	 * @param initialBackoff the pause after the first transient failure, doubled after
	 * each further one
	 * @param maxBackoff the longest pause between two attempts
	 * @param maxAttempts after this many attempts a message that still fails for the
	 * moment is given up as failed
	 */
	public record Retry(@DefaultValue("30s") @NotNull Duration initialBackoff,
			@DefaultValue("30m") @NotNull Duration maxBackoff, @DefaultValue("10") @Min(1) int maxAttempts) {

		/** The pause after the given number of failed attempts (1 for the first). */
		public Duration backoffAfter(int failedAttempts) {
			int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
			Duration backoff = this.initialBackoff.multipliedBy(1L << doublings);
			return (backoff.compareTo(this.maxBackoff) > 0 || backoff.isNegative()) ? this.maxBackoff : backoff;
		}

	}

	/**
	 * A relay that refuses message after message for reasons of its own (relay access
	 * denied, a blocklisted sending IP) refuses the next one too: after {@code threshold}
	 * such refusals in a row an instance stops sending for {@code coolDown}, then lets
	 * one message try; sending resumes once the relay takes one.
	 *
	 * @param threshold policy refusals in a row that pause sending
	 * @param coolDown how long sending pauses before one message tries again
	 */
	public record Breaker(@DefaultValue("5") @Min(1) int threshold, @DefaultValue("5m") @NotNull Duration coolDown) {

	}

	/** How the connection to the relay is protected. */
	public enum Tls {

		/** Plain text: only for a relay on the same host or a test server. */
		NONE,

		/** STARTTLS when the relay offers it, plain text otherwise. */
		STARTTLS_OPTIONAL,

		/** STARTTLS or no sending at all: what a relay across a network needs. */
		STARTTLS_REQUIRED,

		/** TLS from the first byte (port 465). */
		IMPLICIT

	}

}

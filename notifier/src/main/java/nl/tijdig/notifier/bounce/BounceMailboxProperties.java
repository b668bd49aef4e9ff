package nl.tijdig.notifier.bounce;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The mailbox that relays mail their delivery status notifications to (the envelope
 * sender of every email, {@code tijdig.notifier.sender.bounce-address} or the relay's own
 * setting). Read only when a host is given.
 *
 * @param host the IMAP server; empty reads no mailbox
 * @param port its port: 993 for IMAPS, 143 for IMAP
 * @param ssl whether to connect over TLS (IMAPS)
 * @param username the login
 * @param password the password
 * @param folder the folder the reports arrive in
 * @param pollEvery how long to wait between two reads
 */
@Validated
@ConfigurationProperties("tijdig.notifier.bounces.mailbox")
record BounceMailboxProperties(@DefaultValue("") String host, @DefaultValue("993") @Min(1) @Max(65535) int port,
		@DefaultValue("true") boolean ssl, @DefaultValue("") String username, @DefaultValue("") String password,
		@DefaultValue("INBOX") @NotBlank String folder, @DefaultValue("1m") @NotNull Duration pollEvery) {

}

package nl.tijdig.notifier.smtp;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who the emails come from. The SMTP server itself is Boot's {@code spring.mail.*}.
 *
 * @param from the {@code From} address, with a display name if wanted; its domain is the
 * one SPF, DKIM and DMARC must align with
 * @param sendingDomain the right-hand side of every {@code Message-ID}
 * @param listIdDomain a domain under the sender's control; a campaign's {@code List-Id}
 * is its slug under it, which lets mailbox providers keep each campaign's reputation and
 * lets readers filter on it
 * @param returnPath the envelope sender ({@code MAIL FROM}), where relays mail their
 * delivery status notifications: the bounce mailbox; empty for the {@code From} address
 * @param verp whether each message gets a return path of its own (VERP): the return
 * path's local part, a {@code +} and the message's token (the local part of its
 * {@code Message-ID}), e.g. {@code bounces+3f1c…@tijdig.example}; a report mailed there
 * names its message even when the relay returns none of its headers
 */
@Validated
@ConfigurationProperties("tijdig.notifier.mail")
record SenderProperties(@DefaultValue("Tijdig <herinnering@tijdig.example>") @NotBlank String from,
		@DefaultValue("tijdig.example") @NotBlank String sendingDomain,
		@DefaultValue("lists.tijdig.example") @NotBlank String listIdDomain, @DefaultValue("") String returnPath,
		@DefaultValue("false") boolean verp) {

}

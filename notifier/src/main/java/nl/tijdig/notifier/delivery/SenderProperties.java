package nl.tijdig.notifier.delivery;

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
 */
@Validated
@ConfigurationProperties("tijdig.notifier.mail")
record SenderProperties(@DefaultValue("Tijdig <herinnering@tijdig.example>") @NotBlank String from,
		@DefaultValue("tijdig.example") @NotBlank String sendingDomain,
		@DefaultValue("lists.tijdig.example") @NotBlank String listIdDomain) {

}

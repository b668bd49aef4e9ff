package nl.tijdig.notifier.smtp;

import jakarta.validation.constraints.AssertTrue;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * DKIM signing by the notifier itself, for a relay that does not sign. Off by default:
 * most relays sign for the sender, and a key is a secret to provision first.
 *
 * @param enabled whether to sign
 * @param domain the signing domain ({@code d=}); it must align with the From domain for
 * DMARC
 * @param selector the selector ({@code s=}); the public key is published at
 * {@code <selector>._domainkey.<domain>}
 * @param privateKey the RSA private key, PEM (PKCS#8), e.g.
 * {@code file:/run/secrets/dkim.pem}
 */
@Validated
@ConfigurationProperties("tijdig.notifier.dkim")
record DkimProperties(@DefaultValue("false") boolean enabled, String domain, String selector, Resource privateKey) {

	@AssertTrue(message = "signing needs a domain, a selector and a private key")
	boolean isComplete() {
		return !this.enabled || (this.domain != null && !this.domain.isBlank() && this.selector != null
				&& !this.selector.isBlank() && this.privateKey != null);
	}

}

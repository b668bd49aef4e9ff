package nl.tijdig.notifier.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

import org.springframework.mail.MailPreparationException;
import org.springframework.stereotype.Component;

/**
 * Signs each message with DKIM when configured (utils-mail-dkim). The signature covers
 * both {@code List-Unsubscribe} headers and the {@code List-Id}, as Gmail and Yahoo
 * require of one-click unsubscribe: unsigned, a forwarder could change where the click
 * goes.
 */
@Component
class DkimSigning {

	private final DkimSigner signer;

	private final Session session = Session.getInstance(new Properties());

	DkimSigning(DkimProperties properties) {
		this.signer = properties.enabled() ? signer(properties) : null;
	}

	private DkimSigning() {
		this.signer = null;
	}

	/** No signing, for tests of other things. */
	static DkimSigning off() {
		return new DkimSigning();
	}

	/**
	 * @return the signed message, or the same one if signing is off
	 */
	OutgoingMail sign(OutgoingMail mail) {
		if (this.signer == null) {
			return mail;
		}
		try {
			// Parsed, not built: the signature covers the headers exactly as they go.
			ByteArrayOutputStream signed = new ByteArrayOutputStream(mail.content().length + 1024);
			new DkimMessage(mail.parse(this.session), this.signer).writeTo(signed);
			return new OutgoingMail(mail.messageId(), mail.from(), mail.to(), signed.toByteArray());
		}
		catch (MessagingException | IOException ex) {
			throw new MailPreparationException("Cannot sign message " + mail.messageId(), ex);
		}
	}

	private static DkimSigner signer(DkimProperties properties) {
		try {
			DkimSigner signer = new DkimSigner(properties.domain(), properties.selector(),
					privateKey(properties.privateKey().getInputStream()));
			signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
			// Relaxed survives the header folding and whitespace changes relays make.
			signer.setHeaderCanonicalization(Canonicalization.RELAXED);
			signer.setBodyCanonicalization(Canonicalization.RELAXED);
			signer.setLengthParam(false);
			// The key's DNS record is checked by receivers, not at every start.
			signer.setCheckDomainKey(false);
			for (String header : new String[] { "List-Unsubscribe", "List-Unsubscribe-Post", "List-Id",
					"Content-Language" }) {
				signer.addHeaderToSign(header);
			}
			return signer;
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException("Cannot load the DKIM key " + properties.privateKey(), ex);
		}
	}

	static RSAPrivateKey privateKey(InputStream pem) throws IOException, GeneralSecurityException {
		try (pem) {
			String text = new String(pem.readAllBytes(), StandardCharsets.US_ASCII);
			String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			return (RSAPrivateKey) KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
	}

}

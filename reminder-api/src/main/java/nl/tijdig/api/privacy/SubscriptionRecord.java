package nl.tijdig.api.privacy;

import java.time.Instant;
import java.util.UUID;

import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionStatus;

/**
 * Everything reminder-api keeps on one subscription, as the person or an operator gets
 * it.
 *
 * @param language the language of the emails
 * @param signedUpAt the first sign-up with this address for the campaign
 * @param confirmedAt when the confirmation link was used, {@code null} until then
 * @param erasedBy when the campaign's time to keep personal data ends
 */
record SubscriptionRecord(UUID subscriberId, CampaignRef campaign, String email, Language language,
		SubscriptionStatus status, ConsentGiven consent, Instant signedUpAt, Instant confirmedAt, Instant lastChangedAt,
		Instant erasedBy) {

	record CampaignRef(String slug, String platform, Instant deadline) {
	}

	/**
	 * @param textVersion the version of the consent text that was agreed to
	 * @param language the language it was shown in, {@code null} if not recorded
	 * @param givenAt the moment of the (latest) sign-up
	 * @param clientNetwork the network it came from (a /24 or /48), {@code null} unless
	 * recording it is switched on
	 */
	record ConsentGiven(String textVersion, Language language, Instant givenAt, String clientNetwork) {
	}

}

package nl.tijdig.api.console.previews;

import java.util.LinkedHashMap;
import java.util.Map;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.subscription.EmailAddress;
import nl.tijdig.api.subscription.InvalidSignUpException;
import nl.tijdig.events.CampaignPublished.Wave;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.api.console.FormErrors;

/**
 * The preview form as typed: the message kind, the wave, the language and, for a test
 * send, the address. Each field is checked against the campaign as saved; an error names
 * its field and a message code, never the input.
 */
record PreviewForm(String kind, String wave, String language, String address) {

	/** Whether a message was chosen at all; without, the page only shows the form. */
	boolean chosen() {
		return this.kind != null || this.wave != null || this.language != null;
	}

	/**
	 * The message chosen.
	 * @throws FormErrors naming every wrong field
	 */
	PreviewChoice choice(Campaign campaign) {
		Map<String, String> errors = new LinkedHashMap<>();
		PreviewChoice choice = choice(campaign, errors);
		if (!errors.isEmpty()) {
			throw new FormErrors(errors);
		}
		return choice;
	}

	/**
	 * The message chosen and the address to send it to, by the rules a sign-up's address
	 * must meet.
	 * @throws FormErrors naming every wrong field
	 */
	TestSend testSend(Campaign campaign) {
		Map<String, String> errors = new LinkedHashMap<>();
		PreviewChoice choice = choice(campaign, errors);
		EmailAddress recipient = null;
		try {
			recipient = EmailAddress.parse(this.address);
		}
		catch (InvalidSignUpException ex) {
			errors.put("address", ex.code());
		}
		if (!errors.isEmpty()) {
			throw new FormErrors(errors);
		}
		return new TestSend(choice, recipient);
	}

	private PreviewChoice choice(Campaign campaign, Map<String, String> errors) {
		MessageKind messageKind = parse(MessageKind.class, this.kind);
		if (messageKind == null) {
			errors.put("kind", "preview.kind.invalid");
		}
		Language messageLanguage = parse(Language.class, this.language);
		if (messageLanguage == null) {
			errors.put("language", "preview.language.invalid");
		}
		String waveKey = null;
		if (messageKind == MessageKind.WAVE_REMINDER) {
			if (this.wave == null || this.wave.isEmpty()) {
				errors.put("wave", "preview.wave.required");
			}
			else if (campaign.waves().stream().map(Wave::key).noneMatch(this.wave::equals)) {
				errors.put("wave", "preview.wave.invalid");
			}
			else {
				waveKey = this.wave;
			}
		}
		// A wave chosen with another kind is left out: the form keeps its select for
		// every kind.
		return new PreviewChoice(messageKind, waveKey, messageLanguage);
	}

	private static <E extends Enum<E>> E parse(Class<E> type, String value) {
		if (value == null) {
			return null;
		}
		for (E constant : type.getEnumConstants()) {
			if (constant.name().equals(value)) {
				return constant;
			}
		}
		return null;
	}

	/** A test send as asked for: the message and the address, both checked. */
	record TestSend(PreviewChoice choice, EmailAddress recipient) {
	}

}

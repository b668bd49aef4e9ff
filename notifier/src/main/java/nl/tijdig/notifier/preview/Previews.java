package nl.tijdig.notifier.preview;

import java.time.Clock;
import java.util.UUID;

import nl.tijdig.events.MessageKind;
import nl.tijdig.events.PreviewRendered;
import nl.tijdig.events.PreviewRendered.TestSend;
import nl.tijdig.events.PreviewRequested;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.delivery.TestSends;
import nl.tijdig.notifier.message.Messages;
import nl.tijdig.notifier.message.RenderedMessage;
import nl.tijdig.notifier.recipient.Recipient;

import org.springframework.stereotype.Component;

/**
 * Writes the message a preview asks for, with the same mapping and templates as a real
 * send, for a stand-in subscriber: a fresh id, the language asked for, confirmed. Its
 * links are signed like any other; reminder-api answers them as it answers a link of a
 * subscriber it does not know. A message that cannot be written is answered with the
 * reason, so the operator sees it at once.
 */
@Component
class Previews {

	private final Messages messages;

	private final TestSends testSends;

	private final Clock clock;

	Previews(Messages messages, TestSends testSends, Clock clock) {
		this.messages = messages;
		this.testSends = testSends;
		this.clock = clock;
	}

	PreviewRendered answer(PreviewRequested request) {
		TestSend failedSend = (request.testRecipient() != null) ? TestSend.FAILED : TestSend.NONE;
		Campaign campaign;
		Recipient standIn;
		RenderedMessage message;
		try {
			campaign = Campaign.of(request.campaign());
			String wrongWave = wrongWave(request, campaign);
			if (wrongWave != null) {
				return failed(request, failedSend, wrongWave);
			}
			standIn = new Recipient(UUID.randomUUID(), campaign.campaignId(), null, request.language(),
					SubscriptionStatus.CONFIRMED, this.clock.instant());
			message = this.messages.render(request.kind(), request.waveKey(), standIn, campaign);
		}
		catch (RuntimeException ex) {
			// The draft's fault (no content, no time zone) or a template's: either way
			// the operator is the one to see it.
			return failed(request, failedSend, "The message cannot be written: " + ex.getMessage());
		}
		TestSend testSend = TestSend.NONE;
		String detail = null;
		if (request.testRecipient() != null) {
			TestSends.Outcome outcome = this.testSends.send(request.testRecipient(), standIn, campaign, message,
					"preview:" + request.id());
			testSend = outcome.sent() ? TestSend.SENT : TestSend.FAILED;
			detail = outcome.detail();
		}
		return PreviewRendered.of(request.id(), message.language(), message.subject(), message.text(), message.html(),
				testSend, detail, this.clock.instant());
	}

	/**
	 * Whether the wave asked for is one of the campaign's: the templates would write a
	 * reminder for any wave, but one the campaign does not have would never go out.
	 */
	private static String wrongWave(PreviewRequested request, Campaign campaign) {
		if (request.waveKey() == null) {
			return (request.kind() == MessageKind.WAVE_REMINDER) ? "A wave reminder needs a wave" : null;
		}
		if (campaign.indexOfWave(request.waveKey()) < 0) {
			return "The campaign has no wave '" + request.waveKey() + "'";
		}
		return null;
	}

	private PreviewRendered failed(PreviewRequested request, TestSend testSend, String detail) {
		return PreviewRendered.of(request.id(), request.language(), null, null, null, testSend, detail,
				this.clock.instant());
	}

}

package nl.tijdig.notifier.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.notifier.campaign.Campaign;
import nl.tijdig.notifier.campaign.Campaigns;
import nl.tijdig.notifier.recipient.Recipient;
import nl.tijdig.notifier.recipient.Recipients;
import nl.tijdig.notifier.suppression.SuppressedAddresses;

/**
 * One batch of a sending thread: its campaigns, each read from the projection once (a
 * batch is usually one wave of one campaign, and reading and mapping its content for
 * every message cost more than writing the message), its recipients as the batch began,
 * and the outcomes of the messages the relay accepted, written together. The thread
 * {@link #flush() flushes} it before it waits for anything, and {@link #end() ends} it.
 */
final class SendingBatch {

	private final List<Delivery> due;

	private final Campaigns campaigns;

	private final Recipients recipients;

	private final SuppressedAddresses addresses;

	private final Outcomes outcomes;

	private final OutcomeWrites writes;

	/** The process's claim tokens in hand ({@link Sending#settleAbandoned()}). */
	private final Set<UUID> handingOver;

	private final Map<UUID, Optional<Campaign>> campaignsRead = new HashMap<>();

	private Map<UUID, Recipient> recipientsRead;

	private final Map<String, String> addressKeys = new HashMap<>();

	private final Set<UUID> claimTokens = new HashSet<>();

	private final List<Outcomes.Outcome> sent = new ArrayList<>();

	SendingBatch(List<Delivery> due, Campaigns campaigns, Recipients recipients, SuppressedAddresses addresses,
			Outcomes outcomes, OutcomeWrites writes, Set<UUID> handingOver) {
		this.due = due;
		this.campaigns = campaigns;
		this.recipients = recipients;
		this.addresses = addresses;
		this.outcomes = outcomes;
		this.writes = writes;
		this.handingOver = handingOver;
	}

	Campaign campaign(UUID campaignId) {
		return this.campaignsRead.computeIfAbsent(campaignId, this.campaigns::findById).orElse(null);
	}

	/**
	 * The recipient as the batch began, read for the whole batch in one query: whose
	 * address's suppression is asked with the hand-over. The hand-over reads the
	 * recipient again, as it stands then.
	 */
	Recipient recipient(UUID subscriberId) {
		if (this.recipientsRead == null) {
			this.recipientsRead = new HashMap<>();
			this.recipients.findAll(this.due.stream().map(Delivery::subscriberId).distinct().toList())
				.forEach((id, lookup) -> {
					if (lookup instanceof Recipients.Lookup.Known known) {
						this.recipientsRead.put(id, known.recipient());
					}
				});
		}
		return this.recipientsRead.get(subscriberId);
	}

	String addressKey(String address) {
		return this.addressKeys.computeIfAbsent(address, this.addresses::keyOf);
	}

	void sent(Delivery delivery, String messageId) {
		this.sent.add(new Outcomes.Outcome(delivery, DeliveryOutcome.SENT, null, messageId));
	}

	/** Writes what is still to be written, as often as it takes. */
	void flush() {
		if (this.sent.isEmpty()) {
			return;
		}
		List<Outcomes.Outcome> outcomes = List.copyOf(this.sent);
		this.writes.untilWritten(outcomes.size() + " messages sent, the first " + outcomes.get(0).delivery().describe(),
				() -> this.outcomes.recordAll(outcomes));
		this.sent.clear();
	}

	/**
	 * Keeps {@link Sending#settleAbandoned()} off the messages under this claim until the
	 * batch {@link #end() ends}: one may be on its way to the relay, another's outcome
	 * still to be written.
	 */
	void handingOver(UUID claimToken) {
		if (this.claimTokens.add(claimToken)) {
			this.handingOver.add(claimToken);
		}
	}

	/** Writes what is still to be written and lets go of the batch's claims. */
	void end() {
		try {
			flush();
		}
		finally {
			this.handingOver.removeAll(this.claimTokens);
			this.claimTokens.clear();
		}
	}

}

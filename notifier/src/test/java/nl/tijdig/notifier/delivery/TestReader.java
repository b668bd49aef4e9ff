package nl.tijdig.notifier.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import nl.tijdig.events.CampaignPublished;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.notifier.TestnetCampaign;

import org.springframework.kafka.core.KafkaOperations;

import nl.tijdig.testinfra.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One reader of the Testnet campaign, of a campaign of their own: what a sending test
 * publishes about them, and what it watches become of their messages on
 * {@code tijdig.deliveries}.
 */
final class TestReader implements AutoCloseable {

	final UUID campaignId = UUID.randomUUID();

	final UUID subscriberId = UUID.randomUUID();

	final String email;

	/**
	 * When they signed up: a minute ago, before the campaign's event of a minute earlier.
	 */
	final Instant signedUp = Instant.now().minusSeconds(60);

	private final KafkaOperations<Object, Object> kafka;

	private final TopicReader<Object> deliveries = TopicReader.events(Topics.DELIVERIES);

	TestReader(KafkaOperations<Object, Object> kafka, String prefix) {
		this.kafka = kafka;
		this.email = prefix + "-" + this.subscriberId + "@example.test";
	}

	void publishCampaign() {
		publishCampaign(TestnetCampaign.published(this.campaignId, this.signedUp.minusSeconds(60)));
	}

	/**
	 * Their campaign as given; events without a version follow one another in Kafka's
	 * order.
	 */
	void publishCampaign(CampaignPublished campaign) {
		this.kafka.send(Topics.CAMPAIGNS, this.campaignId.toString(), campaign).join();
	}

	void publishSubscriber(SubscriptionStatus status, Language language, Instant time) {
		SubscriptionChanged change = SubscriptionChanged.of(this.subscriberId, this.campaignId, this.email, language,
				status, SubscriptionChanged.Change.SIGNED_UP, null, time);
		this.kafka.send(Topics.SUBSCRIBERS, this.subscriberId.toString(), change).join();
	}

	/** A request for them; a {@code wave:<key>} message belongs to that wave. */
	ReminderRequested reminder(MessageKind kind, String messageKey) {
		String waveKey = messageKey.startsWith("wave:") ? messageKey.substring(5) : null;
		return ReminderRequested.of(this.subscriberId, this.campaignId, kind, messageKey, waveKey, Instant.now());
	}

	void publish(ReminderRequested reminder) {
		this.kafka.send(Topics.REMINDERS, reminder.subscriberId().toString(), reminder).join();
	}

	/** Waits for an outcome of theirs that matches. */
	DeliveryRecorded awaitDelivery(Predicate<DeliveryRecorded> matching) {
		return (DeliveryRecorded) this.deliveries
			.await((record) -> record.value() instanceof DeliveryRecorded delivery
					&& delivery.subscriberId().equals(this.subscriberId) && matching.test(delivery))
			.value();
	}

	/** Their outcomes of one message so far, in the order of the log. */
	List<DeliveryRecorded> deliveriesOf(String messageKey) {
		return this.deliveries.all()
			.stream()
			.map(ConsumerRecord::value)
			.filter(DeliveryRecorded.class::isInstance)
			.map(DeliveryRecorded.class::cast)
			.filter((delivery) -> delivery.subscriberId().equals(this.subscriberId)
					&& delivery.messageKey().equals(messageKey))
			.toList();
	}

	@Override
	public void close() {
		this.deliveries.close();
	}

}

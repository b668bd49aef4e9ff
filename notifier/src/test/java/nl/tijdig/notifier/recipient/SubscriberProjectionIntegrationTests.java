package nl.tijdig.notifier.recipient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import nl.tijdig.events.Language;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.Versions;
import nl.tijdig.testinfra.WithInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The subscriber projection on real Kafka and PostgreSQL. Records go to one partition
 * explicitly, so that a marker record behind them proves they were processed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notifier")
@WithInfrastructure
class SubscriberProjectionIntegrationTests {

	private static final int PARTITION = 0;

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	@Autowired
	private Recipients recipients;

	private final UUID subscriberId = UUID.randomUUID();

	private final UUID campaignId = UUID.randomUUID();

	// Whole seconds: PostgreSQL keeps microseconds, Instant.now() may have nanoseconds.
	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);

	@Test
	void anOlderVersionOrARedeliveredEventChangesNothing() {
		SubscriptionChanged confirmed = change(SubscriptionStatus.CONFIRMED, this.t0.plusSeconds(10), 2);
		send(confirmed);
		// The earlier state sent again, stamped by a clock five minutes ahead.
		send(change(SubscriptionStatus.PENDING, this.t0.plusSeconds(300), 1));
		send(confirmed);
		awaitMarker();

		Recipient recipient = ((Recipients.Lookup.Known) this.recipients.find(this.subscriberId)).recipient();
		assertThat(recipient.status()).isEqualTo(SubscriptionStatus.CONFIRMED);
		assertThat(recipient.asOf()).isEqualTo(this.t0.plusSeconds(10));
		assertThat(recipient.language()).isEqualTo(Language.NL);
	}

	@Test
	void anUnsubscribeFromAnInstanceWhoseClockIsBehindTakesEffect() {
		send(change(SubscriptionStatus.CONFIRMED, this.t0, 2));
		// A second reminder-api instance, its clock five minutes behind, took the click.
		send(change(SubscriptionStatus.UNSUBSCRIBED, this.t0.minusSeconds(300), 3));
		awaitMarker();

		assertThat(((Recipients.Lookup.Known) this.recipients.find(this.subscriberId)).recipient().status())
			.isEqualTo(SubscriptionStatus.UNSUBSCRIBED);
	}

	@Test
	void eventsWithoutAVersionFollowKafkasOrder() {
		send(change(SubscriptionStatus.CONFIRMED, this.t0, Versions.NONE));
		send(change(SubscriptionStatus.UNSUBSCRIBED, this.t0.minusSeconds(300), Versions.NONE));
		awaitMarker();

		assertThat(((Recipients.Lookup.Known) this.recipients.find(this.subscriberId)).recipient().status())
			.isEqualTo(SubscriptionStatus.UNSUBSCRIBED);
	}

	@Test
	void aTombstoneErasesTheAddressForGood() {
		send(change(SubscriptionStatus.CONFIRMED, this.t0, 1));
		this.kafka.send(Topics.SUBSCRIBERS, PARTITION, this.subscriberId.toString(), null).join();
		// A replay of an event from before the erasure must not bring the address back.
		send(change(SubscriptionStatus.CONFIRMED, this.t0.plusSeconds(1), 1));
		awaitMarker();

		assertThat(this.recipients.find(this.subscriberId)).isInstanceOf(Recipients.Lookup.Erased.class);
	}

	@Test
	void aSubscriberNeverSeenIsUnknownNotErased() {
		assertThat(this.recipients.find(UUID.randomUUID())).isInstanceOf(Recipients.Lookup.Unknown.class);
	}

	private void awaitMarker() {
		UUID marker = UUID.randomUUID();
		this.kafka
			.send(Topics.SUBSCRIBERS, PARTITION, marker.toString(),
					SubscriptionChanged.of(marker, this.campaignId, "marker-" + marker + "@example.test", Language.EN,
							SubscriptionStatus.PENDING, SubscriptionChanged.Change.SIGNED_UP, null, Instant.now()))
			.join();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.recipients.find(marker) instanceof Recipients.Lookup.Known);
	}

	/**
	 * @param time as the clock of the reminder-api instance that made the change read
	 */
	private SubscriptionChanged change(SubscriptionStatus status, Instant time, long version) {
		return new SubscriptionChanged(UUID.randomUUID(), time, SubscriptionChanged.SCHEMA_VERSION, this.subscriberId,
				this.campaignId, "someone-" + this.subscriberId + "@example.test", Language.NL, status,
				SubscriptionChanged.Change.CONFIRMED, null, version);
	}

	private void send(SubscriptionChanged change) {
		this.kafka.send(Topics.SUBSCRIBERS, PARTITION, change.subscriberId().toString(), change).join();
	}

}

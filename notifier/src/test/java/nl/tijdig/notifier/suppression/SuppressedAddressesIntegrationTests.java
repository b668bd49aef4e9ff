package nl.tijdig.notifier.suppression;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import nl.tijdig.events.DeliveryOutcome;
import nl.tijdig.events.DeliveryRecorded;
import nl.tijdig.events.Language;
import nl.tijdig.events.MessageKind;
import nl.tijdig.events.ReminderRequested;
import nl.tijdig.events.SubscriptionChanged;
import nl.tijdig.events.SubscriptionStatus;
import nl.tijdig.events.Topics;
import nl.tijdig.events.privacy.KeyedHash;
import nl.tijdig.notifier.TestnetCampaign;
import nl.tijdig.infrastructure.Infrastructure;
import nl.tijdig.infrastructure.MailpitClient;
import nl.tijdig.testinfra.TopicReader;
import nl.tijdig.testinfra.WithInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suppression list on the running notifier: what it stores for an address, and that
 * an address suppressed in one spelling gets no mail in another.
 */
@SpringBootTest(properties = "spring.config.name=notifier")
@WithInfrastructure
class SuppressedAddressesIntegrationTests {

	@Autowired
	private SuppressedAddresses addresses;

	@Autowired
	private KeyedHash hashes;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	private final MailpitClient mail = Infrastructure.shared().mail();

	private TopicReader<Object> deliveries;

	/**
	 * Once the context has declared the topics: a reader of a missing topic reads
	 * nothing.
	 */
	@BeforeEach
	void open() {
		this.deliveries = TopicReader.events(Topics.DELIVERIES);
	}

	@AfterEach
	void close() {
		this.deliveries.close();
	}

	/**
	 * Tried: Anna.…@Example.test suppressed, then the table read as anyone with the
	 * database would read it, looking for the address and its bare SHA-256.
	 */
	@Test
	void storesTheKeyedHashOfTheAddressAndNeitherTheAddressNorItsBareSha256() throws Exception {
		String address = "Anna." + UUID.randomUUID() + "@Example.test";

		this.addresses.add(address, "bounced", "bounce");

		List<String> stored = this.jdbc.sql("select address_hash from suppressed_address").query(String.class).list();
		assertThat(stored).contains(this.hashes.ofAddress(address))
			.doesNotContain(sha256(address.toLowerCase(Locale.ROOT)), sha256(address))
			.noneMatch((hash) -> hash.contains(address.toLowerCase(Locale.ROOT)));
		assertThat(this.addresses.contains(address.toUpperCase(Locale.ROOT))).isTrue();
		assertThat(this.addresses.remove(address.toLowerCase(Locale.ROOT))).isTrue();
		assertThat(this.addresses.contains(address)).isFalse();
	}

	/**
	 * Tried: eva.…@example.test refused for good by a relay (its suppression, in upper
	 * case as some relays report it), then a wave reminder for Eva.…@example.test.
	 */
	@Test
	void aSuppressionStopsASendToTheAddressInAnySpelling() {
		UUID campaign = UUID.randomUUID();
		UUID subscriber = UUID.randomUUID();
		String email = "Eva." + subscriber + "@example.test";
		this.kafka
			.send(Topics.CAMPAIGNS, campaign.toString(),
					TestnetCampaign.published(campaign, Instant.now().minusSeconds(120)))
			.join();
		this.kafka.send(Topics.SUBSCRIBERS, subscriber.toString(),
				SubscriptionChanged.of(subscriber, campaign, email, Language.EN, SubscriptionStatus.CONFIRMED,
						SubscriptionChanged.Change.SIGNED_UP, null, Instant.now().minusSeconds(60)))
			.join();
		this.addresses.add(email.toUpperCase(Locale.ROOT), "refused", "smtp");

		this.kafka
			.send(Topics.REMINDERS, subscriber.toString(),
					ReminderRequested.of(subscriber, campaign, MessageKind.WAVE_REMINDER, "wave:14d", "14d",
							Instant.now()))
			.join();

		DeliveryRecorded outcome = (DeliveryRecorded) this.deliveries
			.await((record) -> record.value() instanceof DeliveryRecorded delivery
					&& delivery.subscriberId().equals(subscriber))
			.value();
		assertThat(outcome.outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
		assertThat(outcome.detail()).isEqualTo("address suppressed");
		assertThat(this.mail.messagesTo(email)).isEmpty();
	}

	static String sha256(String value) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
	}

}

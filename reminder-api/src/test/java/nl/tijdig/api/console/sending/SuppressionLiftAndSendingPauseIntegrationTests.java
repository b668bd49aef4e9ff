package nl.tijdig.api.console.sending;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import nl.tijdig.api.ReminderApiIntegrationTest;
import nl.tijdig.events.SendingResumeRequested;
import nl.tijdig.events.SendingStateChanged;
import nl.tijdig.events.SuppressionLiftRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.testinfra.ConsoleClient;
import nl.tijdig.testinfra.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's doors to the notifier's sending: the banner while a notifier instance
 * pauses, an operator's request to lift a suppression made by mistake, and the banner and
 * resume button of a campaign paused for its complaints.
 */
@ReminderApiIntegrationTest
class SuppressionLiftAndSendingPauseIntegrationTests {

	/** The LinkedIn campaign of the seed data. */
	private static final UUID CAMPAIGN = UUID.fromString("6f1c1f0e-54b4-4c6b-9a8e-2f0c8f3c1a01");

	private static final String DASHBOARD = "/admin/campaigns/" + CAMPAIGN + "?lang=en";

	private static final String RESUME = "/admin/campaigns/" + CAMPAIGN + "/resume-sending";

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<Object, Object> kafka;

	@Test
	void anOperatorsRequestReachesTheNotifierWithTheAddressAndTheConsoleSaysItWasSent() {
		String address = "lift-" + UUID.randomUUID() + "@example.org";
		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		try (TopicReader<Object> requests = TopicReader.events(Topics.SUPPRESSIONS)) {
			assertThat(operator.get("/admin/suppressions?lang=en").statusCode()).isEqualTo(200);

			HttpResponse<String> sent = operator.post("/admin/suppressions", Map.of("suppressed", address));

			assertThat(sent.statusCode()).isEqualTo(200);
			assertThat(sent.body()).contains("The request was sent to the notifier").doesNotContain(address);
			SuppressionLiftRequested request = (SuppressionLiftRequested) requests
				.await((record) -> record.value() instanceof SuppressionLiftRequested lift
						&& lift.address().equals(address))
				.value();
			assertThat(requests.withKey(request.id().toString())).hasSize(1);
		}
	}

	@Test
	void whatIsNoSignUpAddressIsRefusedWith400AndNothingIsSent() {
		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		String marker = "marker-" + UUID.randomUUID() + "@example.org";
		String smuggled = "someone@example.org\r\nBcc: " + marker;
		try (TopicReader<Object> requests = TopicReader.events(Topics.SUPPRESSIONS)) {
			operator.get("/admin/suppressions");
			for (String tried : new String[] { "", "not-an-address", smuggled, "a".repeat(250) + "@example.org" }) {
				HttpResponse<String> refused = operator.post("/admin/suppressions", Map.of("suppressed", tried));
				assertThat(refused.statusCode()).as(tried).isEqualTo(400);
				assertThat(refused.body()).as(tried).contains("aria-invalid=\"true\"");
			}
			// A valid request after them: once it is on the topic, the refused ones would
			// be too.
			operator.post("/admin/suppressions", Map.of("suppressed", marker));
			requests.await((record) -> record.value() instanceof SuppressionLiftRequested lift
					&& lift.address().equals(marker));
			assertThat(requests.all()).extracting((record) -> ((SuppressionLiftRequested) record.value()).address())
				.doesNotContain("", "not-an-address", smuggled);
		}
	}

	@Test
	void onlyAnOperatorWithTheSessionsCsrfTokenMayLiftASuppression() {
		ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
		viewer.get("/admin/suppressions");
		assertThat(viewer.post("/admin/suppressions", Map.of("suppressed", "someone@example.org")).statusCode())
			.isEqualTo(403);

		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		operator.get("/admin/suppressions");
		assertThat(operator.postWithoutToken("/admin/suppressions", Map.of("suppressed", "someone@example.org"))
			.statusCode()).isEqualTo(403);
		assertThat(new ConsoleClient(this.port).post("/admin/suppressions", Map.of("suppressed", "someone@example.org"))
			.statusCode()).isIn(302, 403);
	}

	@Test
	void theDashboardSaysWhileANotifierInstancePausesItsSendingAndWhy() {
		ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
		String instance = "notifier-" + UUID.randomUUID();
		Instant since = Instant.parse("2025-10-20T07:00:00Z");
		this.kafka
			.send(Topics.SENDING, instance, SendingStateChanged.of(instance, SendingStateChanged.State.PAUSED, since, 5,
					"554 5.7.1 <[address]>: Relay access denied", Instant.now()))
			.join();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(viewer.get(DASHBOARD).body())
				.contains("Sending paused since 2025-10-20 09:00:00: relay replied &#39;554 5.7.1 &lt;[address]&gt;: "
						+ "Relay access denied&#39;"));

		this.kafka
			.send(Topics.SENDING, instance, SendingStateChanged.of(instance, SendingStateChanged.State.RESUMED, since,
					5, "554 5.7.1 <[address]>: Relay access denied", Instant.now()))
			.join();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(viewer.get(DASHBOARD).body()).doesNotContain("Sending paused since"));
	}

	@Test
	void aCampaignPausedForComplaintsShowsItsBannerAndAnOperatorsResumeReachesTheNotifier() {
		ConsoleClient viewer = new ConsoleClient(this.port).loggedIn("viewer", "viewer-secret");
		ConsoleClient operator = new ConsoleClient(this.port).loggedIn("operator", "operator-secret");
		Instant since = Instant.parse("2025-10-21T07:00:00.123456Z");
		this.kafka
			.send(Topics.SENDING, CAMPAIGN.toString(),
					SendingStateChanged.ofCampaign(CAMPAIGN, SendingStateChanged.State.PAUSED, since, 7, 2000,
							Instant.now()))
			.join();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(viewer.get(DASHBOARD).body()).contains(
					"Sending of this campaign paused since 2025-10-21 09:00:00: 7 complaints in 2,000 messages sent "
							+ "(0.35 %)"));
		assertThat(viewer.get(DASHBOARD).body()).as("no button for a viewer").doesNotContain("resume-sending");
		assertThat(viewer.post(RESUME, Map.of("since", since.toString())).statusCode()).isEqualTo(403);
		assertThat(operator.get(DASHBOARD).body()).contains("id=\"resume-sending\"")
			.contains("value=\"" + since + "\"");

		try (TopicReader<Object> requests = TopicReader.events(Topics.SENDING_RESUMES)) {
			// Tried: no pause named, and one that is no time.
			assertThat(operator.post(RESUME, Map.of()).statusCode()).isEqualTo(400);
			assertThat(operator.post(RESUME, Map.of("since", "yesterday")).statusCode()).isEqualTo(400);

			HttpResponse<String> resumed = operator.post(RESUME, Map.of("since", since.toString()));

			assertThat(resumed.statusCode()).isIn(200, 302, 303);
			SendingResumeRequested request = (SendingResumeRequested) requests
				.await((record) -> record.value() instanceof SendingResumeRequested resume
						&& CAMPAIGN.equals(resume.campaignId()))
				.value();
			assertThat(request.pausedSince()).isEqualTo(since);
			assertThat(request.operator()).isEqualTo("operator");
			assertThat(requests.withKey(CAMPAIGN.toString())).as("the refused ones sent nothing").hasSize(1);
		}

		this.kafka
			.send(Topics.SENDING, CAMPAIGN.toString(),
					SendingStateChanged.ofCampaign(CAMPAIGN, SendingStateChanged.State.RESUMED, since, 7, 2000,
							Instant.now()))
			.join();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(viewer.get(DASHBOARD).body()).doesNotContain("Sending of this campaign paused"));
	}

}

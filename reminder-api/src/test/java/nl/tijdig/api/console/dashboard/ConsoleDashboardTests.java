package nl.tijdig.api.console.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.campaign.Campaigns;
import nl.tijdig.api.console.sending.NotifierPauses;

import static nl.tijdig.api.console.ConsoleTestSettings.CONFIG_NAME;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The dashboard while Kafka does not answer: its consumer lag comes from a real admin
 * client dialling a port nobody listens on, and the page and its JSON still answer, with
 * the lag unknown. The numbers from the database are stubbed; they are tested for real in
 * {@link ConsoleProjectionIntegrationTests}.
 */
@WebMvcTest(value = DashboardPages.class, properties = CONFIG_NAME)
@AutoConfigureMockMvc(addFilters = false)
@Import({ ConsoleDashboardTests.UnreachableBroker.class, DashboardView.class })
class ConsoleDashboardTests {

	private static final Campaign CAMPAIGN = new Campaign(UUID.randomUUID(), "lag", "LinkedIn",
			Campaign.Status.PUBLISHED, Instant.now().plus(Duration.ofDays(1)), ZoneId.of("Europe/Amsterdam"), List.of(),
			Map.of(), 1, Instant.now().plus(Duration.ofDays(30)));

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Campaigns campaigns;

	@MockitoBean
	ReadModel readModel;

	// No pause is reported here.
	@MockitoBean
	NotifierPauses pauses;

	@BeforeEach
	void aCampaign() {
		given(this.campaigns.get(CAMPAIGN.id())).willReturn(CAMPAIGN);
		given(this.readModel.numbers(any(), any())).willAnswer((call) -> new CampaignNumbers(Instant.now(),
				Map.of("signedUp", 0L), Map.of("SENT", Map.of("SENT", 0L)), List.of(),
				new CampaignNumbers.Timeline(List.of(), Map.of()), new CampaignNumbers.Pacing(0, 0, null, false),
				new CampaignNumbers.Rates(0, 0, 0, 0, 0), call.getArgument(1)));
	}

	@Test
	void answersTheNumbersWithTheLagUnknown() throws Exception {
		this.mvc.perform(get("/admin/campaigns/" + CAMPAIGN.id() + "/numbers"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.consumers.known").value(false))
			.andExpect(jsonPath("$.consumers.groups[0].group").value("tijdig-notifier"))
			.andExpect(jsonPath("$.consumers.groups[0].members").isEmpty())
			.andExpect(jsonPath("$.consumers.groups[0].topics").isEmpty());
	}

	@Test
	void showsTheLagAsUnknownInWords() throws Exception {
		this.mvc.perform(get("/admin/campaigns/" + CAMPAIGN.id()).param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Kafka did not answer in time, so the lag is unknown.")))
			.andExpect(content().string(not(containsString("<p id=\"consumers-unknown\" class=\"warning\" hidden"))))
			.andExpect(content().string(containsString("<td>unknown</td>")));
		this.mvc.perform(get("/admin/campaigns/" + CAMPAIGN.id()).param("lang", "nl"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<td>onbekend</td>")));
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DashboardProperties.class)
	static class UnreachableBroker {

		@Bean
		ConsumerLags consumerLags() {
			// Port 1: nobody listens there.
			return new ConsumerLags(
					() -> Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1")),
					new DashboardProperties.ConsumerLagSettings(List.of("tijdig-notifier"), Duration.ofSeconds(1),
							Duration.ofMillis(300)),
					Clock.systemUTC());
		}

	}

}

package nl.tijdig.api.subscription;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.campaign.Campaigns;
import nl.tijdig.events.CampaignPublished.Content;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The JSON door alone: how each outcome of a sign-up becomes an HTTP answer. The rules
 * behind it are stubbed here and tested for real in {@link SignUpIntegrationTests}.
 */
@WebMvcTest(SignUpApi.class)
@AutoConfigureMockMvc(addFilters = false)
class SignUpApiTests {

	private static final String URL = "/api/v1/campaigns/demo/subscriptions";

	private static final String BODY = "{\"email\":\"anna@example.nl\",\"language\":\"nl\",\"consent\":true}";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Campaigns campaigns;

	@MockitoBean
	SignUps signUps;

	@BeforeEach
	void aCampaign() {
		Campaign demo = new Campaign(UUID.randomUUID(), "demo", "LinkedIn", Campaign.Status.PUBLISHED,
				Instant.now().plus(Duration.ofDays(1)), ZoneId.of("Europe/Amsterdam"), List.of(),
				Map.of(nl.tijdig.events.Language.NL,
						new Content("t", "s", List.of("step"), "https://x.example", List.of("risk"), "c")),
				1, Instant.now().plus(Duration.ofDays(30)));
		given(this.campaigns.findBySlug("demo")).willReturn(Optional.of(demo));
		given(this.campaigns.findBySlug("nope")).willReturn(Optional.empty());
	}

	@Test
	void acceptsWithTheSameBodyForEveryAddress() throws Exception {
		this.mvc.perform(post(URL).contentType(MediaType.APPLICATION_JSON).content(BODY))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("confirmation-sent"));
	}

	@Test
	void namesEveryWrongFieldInAProblem() throws Exception {
		willThrow(new SignUpForm.Errors(Map.of("email", "email.invalid"))).given(this.signUps)
			.take(any(), any(), anyString());

		this.mvc.perform(post(URL).contentType(MediaType.APPLICATION_JSON).content(BODY))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors.email").value("email.invalid"))
			.andExpect(jsonPath("$.type").value("https://tijdig.nl/problems/invalid-sign-up"));
	}

	@Test
	void answersTooManyWithRetryAfter() throws Exception {
		willThrow(new TooManySignUpsException(Duration.ofMillis(61_500))).given(this.signUps)
			.take(any(), any(), anyString());

		this.mvc.perform(post(URL).contentType(MediaType.APPLICATION_JSON).content(BODY))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "62"));
	}

	@Test
	void answersAClosedCampaignWithConflict() throws Exception {
		willThrow(new CampaignClosedException(this.campaigns.findBySlug("demo").orElseThrow())).given(this.signUps)
			.take(any(), any(), anyString());

		this.mvc.perform(post(URL).contentType(MediaType.APPLICATION_JSON).content(BODY))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("https://tijdig.nl/problems/campaign-closed"));
	}

	@Test
	void answersAnUnknownCampaignWithNotFound() throws Exception {
		this.mvc
			.perform(post("/api/v1/campaigns/nope/subscriptions").contentType(MediaType.APPLICATION_JSON).content(BODY))
			.andExpect(status().isNotFound());
	}

}

package nl.tijdig.api.subscription;

import java.net.URI;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.campaign.Campaigns;

/**
 * The JSON door to the same sign-up as the form, with the same rules. Errors are RFC 9457
 * problem details naming each field that is wrong.
 */
@RestController
class SignUpApi {

	static final String PROBLEM_BASE = "https://tijdig.nl/problems/";

	private final Campaigns campaigns;

	private final SignUps signUps;

	SignUpApi(Campaigns campaigns, SignUps signUps) {
		this.campaigns = campaigns;
		this.signUps = signUps;
	}

	@PostMapping(path = "/api/v1/campaigns/{slug}/subscriptions", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	SignUpAccepted signUp(@PathVariable String slug, @RequestBody SignUpForm form, HttpServletRequest request) {
		Campaign campaign = this.campaigns.findBySlug(slug)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such campaign"));
		this.signUps.take(campaign, form, request.getRemoteAddr());
		return SignUpAccepted.INSTANCE;
	}

	@ExceptionHandler(SignUpForm.Errors.class)
	ProblemDetail invalid(SignUpForm.Errors ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The sign-up has fields that cannot be accepted: " + String.join(", ", ex.byField().keySet()));
		problem.setType(URI.create(PROBLEM_BASE + "invalid-sign-up"));
		problem.setTitle("Invalid sign-up");
		problem.setProperty("errors", Map.copyOf(ex.byField()));
		return problem;
	}

	@ExceptionHandler(CampaignClosedException.class)
	ProblemDetail closed(CampaignClosedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The campaign '" + ex.campaign().slug() + "' takes no more sign-ups: its deadline has passed.");
		problem.setType(URI.create(PROBLEM_BASE + "campaign-closed"));
		problem.setTitle("Campaign closed");
		return problem;
	}

	@ExceptionHandler(TooManySignUpsException.class)
	ResponseEntity<ProblemDetail> tooMany(TooManySignUpsException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"Too many sign-ups from this client or for this address; try again later.");
		problem.setType(URI.create(PROBLEM_BASE + "too-many-sign-ups"));
		problem.setTitle("Too many sign-ups");
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.body(problem);
	}

	/** The same answer for every address, so nobody can find out who signed up. */
	record SignUpAccepted(String status, String detail) {

		static final SignUpAccepted INSTANCE = new SignUpAccepted("confirmation-sent",
				"If the address can receive email, a confirmation link is on its way. "
						+ "The subscription starts once that link is used.");

	}

}

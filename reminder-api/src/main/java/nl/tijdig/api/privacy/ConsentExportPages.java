package nl.tijdig.api.privacy;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import nl.tijdig.api.campaign.Campaign;
import nl.tijdig.api.campaign.Campaigns;
import nl.tijdig.api.subscription.EmailAddress;
import nl.tijdig.api.subscription.InvalidSignUpException;

/**
 * The operator's proof of consent (operators only: it holds addresses): JSON for one
 * address, looked up with a form that posts, so the address stays out of every URL and
 * access log; CSV for a whole campaign. Who exported what is logged, never the address.
 */
@Controller
class ConsentExportPages {

	static final String PAGE = "/admin/consents";

	// The console's audit trail, as in ConsolePages.
	private static final Log logger = LogFactory.getLog(ConsentExportPages.class);

	private final Campaigns campaigns;

	private final SubscriptionRecords records;

	private final ConsentCsv csv;

	private final Clock clock;

	ConsentExportPages(Campaigns campaigns, SubscriptionRecords records, ConsentCsv csv, Clock clock) {
		this.campaigns = campaigns;
		this.records = records;
		this.csv = csv;
		this.clock = clock;
	}

	@GetMapping(PAGE)
	String page(Model model) {
		return page("", Map.of(), model);
	}

	/** Everything on the subscriptions of one address, as a file. */
	@PostMapping(PAGE)
	Object lookUp(@RequestParam(name = "address", required = false) String address, Model model,
			HttpServletResponse response, Principal operator) {
		EmailAddress email;
		try {
			email = EmailAddress.parse(address);
		}
		catch (InvalidSignUpException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return page(address, Map.of("address", ex.code()), model);
		}
		List<SubscriptionRecord> found = this.records.byAddress(email);
		logger.info("Operator '" + operator.getName() + "' looked up the consent of an address: " + found.size()
				+ " subscription(s) found");
		if (found.isEmpty()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return page(address, Map.of("address", "console.consents.not-found"), model);
		}
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("consent.json").build().toString())
			.body(new PersonalData(this.clock.instant(), found));
	}

	/** Written as it is read: nothing of the campaign is held in memory. */
	@GetMapping("/admin/campaigns/{id}/consents.csv")
	void campaign(@PathVariable String id, HttpServletResponse response, Principal operator) throws IOException {
		Campaign campaign = this.campaigns.findById(campaignId(id))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such campaign"));
		logger.info("Operator '" + operator.getName() + "' exported the consent records of campaign '" + campaign.slug()
				+ "'");
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(campaign.slug() + "-consents.csv").build().toString());
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		this.csv.write(campaign.id(), out);
		out.flush();
	}

	private String page(String address, Map<String, String> errors, Model model) {
		model.addAttribute("address", address);
		model.addAttribute("errors", errors);
		model.addAttribute("campaigns", this.campaigns.all());
		return "console/consents";
	}

	private static UUID campaignId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Not a campaign id");
		}
	}

}

package nl.tijdig.api.console.sending;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.tijdig.api.campaign.Campaigns;
import nl.tijdig.events.SendingResumeRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.outbox.Outbox;

/**
 * The dashboard's "Resume sending" button under the banner of a campaign that the
 * complaint rate paused: a {@code SendingResumeRequested} for that pause (named by its
 * {@code since}) goes to the notifier on {@code tijdig.sending.resumes} through the
 * outbox. The banner goes when the notifier says it resumed. Who asked is logged.
 */
@Controller
class SendingResumePages {

	private static final Log logger = LogFactory.getLog(SendingResumePages.class);

	private final Campaigns campaigns;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final Clock clock;

	SendingResumePages(Campaigns campaigns, Outbox outbox, TransactionTemplate transactions, Clock clock) {
		this.campaigns = campaigns;
		this.outbox = outbox;
		this.transactions = transactions;
		this.clock = clock;
	}

	@PostMapping("/admin/campaigns/{id}/resume-sending")
	String resume(@PathVariable UUID id, @RequestParam(name = "since", required = false) String since,
			RedirectAttributes redirect, Principal operator) {
		// A campaign that does not exist is a 404, whatever else is wrong.
		this.campaigns.get(id);
		Instant pausedSince;
		try {
			pausedSince = Instant.parse((since != null) ? since.strip() : "");
		}
		catch (DateTimeParseException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "No pause named by 'since'");
		}
		SendingResumeRequested request = SendingResumeRequested.of(id, pausedSince, operator.getName(),
				this.clock.instant());
		try {
			this.transactions
				.executeWithoutResult((status) -> this.outbox.append(Topics.SENDING_RESUMES, id.toString(), request));
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Operator '" + operator.getName() + "' asked to resume sending of campaign " + id
					+ "; the request could not be sent: " + ex.getClass().getSimpleName());
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "Cannot send the request now");
		}
		logger.info("Operator '" + operator.getName() + "' asked to resume sending of campaign " + id + " paused since "
				+ pausedSince + ": request " + request.id());
		redirect.addFlashAttribute("notice", "console.notice.resume-requested");
		return "redirect:/admin/campaigns/" + id;
	}

}

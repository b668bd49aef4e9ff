package nl.tijdig.api.console.sending;

import java.security.Principal;
import java.time.Clock;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import nl.tijdig.api.subscription.EmailAddress;
import nl.tijdig.api.subscription.InvalidSignUpException;
import nl.tijdig.events.SuppressionLiftRequested;
import nl.tijdig.events.Topics;
import nl.tijdig.outbox.Outbox;

/**
 * Lets an operator undo a suppression made by mistake (a relay that refused for reasons
 * of its own before the notifier told such refusals apart): the address, checked as a
 * sign-up address is, goes to the notifier on {@code tijdig.suppressions} through the
 * outbox (the relay sends it even if the broker is away for a moment), and the notifier
 * takes it off its list. The console holds no suppression list, so it says that the
 * request was sent, not what became of it. The audit trail names the operator and the
 * request, never the address.
 */
@Controller
class SuppressionLiftPages {

	// The console's audit trail, as in the campaign pages.
	private static final Log logger = LogFactory.getLog(SuppressionLiftPages.class);

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final Clock clock;

	SuppressionLiftPages(Outbox outbox, TransactionTemplate transactions, Clock clock) {
		this.outbox = outbox;
		this.transactions = transactions;
		this.clock = clock;
	}

	@GetMapping("/admin/suppressions")
	String form(Model model) {
		return page("", Map.of(), model);
	}

	@PostMapping("/admin/suppressions")
	String lift(@RequestParam(name = "suppressed", required = false) String suppressed, Model model,
			HttpServletResponse response, Principal operator) {
		EmailAddress address;
		try {
			address = EmailAddress.parse(suppressed);
		}
		catch (InvalidSignUpException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return page(suppressed, Map.of("suppressed", ex.code()), model);
		}
		SuppressionLiftRequested request = SuppressionLiftRequested.of(address.value(), this.clock.instant());
		try {
			this.transactions.executeWithoutResult(
					(status) -> this.outbox.append(Topics.SUPPRESSIONS, request.id().toString(), request));
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Operator '" + operator.getName() + "' asked to lift the suppression of an address; request "
					+ request.id() + " could not be sent: " + ex.getClass().getSimpleName());
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			return page(suppressed, Map.of("form", "console.suppressions.unavailable"), model);
		}
		logger.info("Operator '" + operator.getName() + "' asked to lift the suppression of an address: request "
				+ request.id() + " sent to the notifier");
		model.addAttribute("notice", "console.suppressions.sent");
		return page("", Map.of(), model);
	}

	private String page(String suppressed, Map<String, String> errors, Model model) {
		model.addAttribute("suppressed", suppressed);
		model.addAttribute("errors", errors);
		return "console/suppressions";
	}

}

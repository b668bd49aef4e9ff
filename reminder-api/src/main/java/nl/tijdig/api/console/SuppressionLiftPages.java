package nl.tijdig.api.console;

import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.KafkaException;

import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import nl.tijdig.api.subscription.EmailAddress;
import nl.tijdig.api.subscription.InvalidSignUpException;
import nl.tijdig.events.SuppressionLiftRequested;
import nl.tijdig.events.Topics;

/**
 * Lets an operator undo a suppression made by mistake (a relay that refused for reasons
 * of its own before the notifier told such refusals apart): the address, checked as a
 * sign-up address is, goes to the notifier on {@code tijdig.suppressions}, which takes it
 * off its list. The console holds no suppression list, so it says that the request was
 * sent, not what became of it. The audit trail names the operator, never the address.
 */
@Controller
class SuppressionLiftPages {

	// The console's audit trail, as in ConsolePages.
	private static final Log logger = LogFactory.getLog(SuppressionLiftPages.class);

	private static final long SEND_TIMEOUT_SECONDS = 10;

	private final KafkaOperations<Object, Object> kafka;

	private final Clock clock;

	SuppressionLiftPages(KafkaOperations<Object, Object> kafka, Clock clock) {
		this.kafka = kafka;
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
			this.kafka.send(Topics.SUPPRESSIONS, request.id().toString(), request)
				.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException | KafkaException ex) {
			logger.warn("Operator '" + operator.getName() + "' asked to lift the suppression of an address; request "
					+ request.id() + " could not be sent: " + ex.getClass().getSimpleName());
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			return page(suppressed, Map.of("form", "console.suppressions.unavailable"), model);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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

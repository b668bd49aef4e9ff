package nl.tijdig.api.console.dashboard;

import java.security.Principal;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.KafkaException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The dead-letter topics: what is on them and why, for viewers; putting a record, or all
 * of a topic, back on its original topic, for operators (the console's filter chain lets
 * only them post).
 */
@Controller
class DeadLetterPages {

	static final String PAGE = "/admin/dead-letters";

	private static final Log logger = LogFactory.getLog(DeadLetterPages.class);

	private final DeadLetters deadLetters;

	private final DeadLetterReplays replays;

	private final DeadLetterProperties properties;

	DeadLetterPages(DeadLetters deadLetters, DeadLetterReplays replays, DeadLetterProperties properties) {
		this.deadLetters = deadLetters;
		this.replays = replays;
		this.properties = properties;
	}

	@GetMapping(PAGE)
	String deadLetters(Model model) {
		model.addAttribute("topics", this.deadLetters.topics());
		model.addAttribute("newest", this.properties.newest());
		return "console/dead-letters";
	}

	@PostMapping(PAGE + "/{topic}/{partition}/{offset}/replay")
	String replay(@PathVariable String topic, @PathVariable int partition, @PathVariable long offset,
			Principal operator, RedirectAttributes redirect) {
		boolean sent = this.replays.replay(topic, partition, offset, operator.getName());
		redirect.addFlashAttribute("notice",
				sent ? "console.dead-letters.replayed" : "console.dead-letters.already-replayed");
		return "redirect:" + PAGE;
	}

	@PostMapping(PAGE + "/{topic}/replay")
	String replayAll(@PathVariable String topic, Principal operator, RedirectAttributes redirect) {
		int sent = this.replays.replayAll(topic, operator.getName());
		redirect.addFlashAttribute("notice", "console.dead-letters.replayed-all");
		redirect.addFlashAttribute("replayedCount", sent);
		return "redirect:" + PAGE;
	}

	/** The broker is away or slow: the page says so, nothing was replayed. */
	@ExceptionHandler(KafkaException.class)
	String brokerAway(KafkaException ex, Model model, HttpServletResponse response) {
		logger.warn("The dead-letter page could not reach Kafka: " + ex.getMessage());
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		model.addAttribute("unavailable", true);
		return "console/dead-letters";
	}

}

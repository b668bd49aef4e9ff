package nl.tijdig.api.console.access;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form; Spring Security takes what it posts ({@link ConsoleSecurity}). */
@Controller
class LoginPage {

	@GetMapping(ConsoleSecurity.LOGIN)
	String login() {
		return "console/login";
	}

}

package nl.tijdig.api.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/**
 * The public pages need no login, but every form carries a CSRF token and every answer
 * the headers that keep a privacy campaign's pages from leaking: no referrer, no framing,
 * no script or style from anywhere else.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurity {

	/**
	 * Last, because it matches every request: the console's chain, ordered before it,
	 * takes {@code /admin/**}. Should that chain be missing, the rule below keeps
	 * {@code /admin} shut rather than open.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	SecurityFilterChain publicPages(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/admin/**").denyAll().anyRequest().permitAll())
			// The token lives in a cookie of its own rather than a session: an anonymous
			// visitor gets no session.
			.csrf((csrf) -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository())
				// Nothing to forge where no cookie grants anything: the JSON API
				// authenticates nobody, and the link pages act on the signed token they
				// carry. RFC 8058 one-click unsubscribe even comes from a mail client
				// with no cookie at all, and must work.
				.ignoringRequestMatchers("/api/**", "/confirm", "/unsubscribe", "/done", "/forget", "/my-data"))
			.headers(SecurityHeaders.strict())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER));
		return http.build();
	}

}

package nl.tijdig.api.console.access;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.filter.OncePerRequestFilter;

import nl.tijdig.api.ratelimit.TokenBuckets;
import nl.tijdig.api.web.SecurityHeaders;
import nl.tijdig.events.privacy.KeyedHash;
import nl.tijdig.events.settings.LocalProfile;
import nl.tijdig.api.console.previews.PreviewPages;

/**
 * The console's own filter chain, ahead of the public one: form login against the
 * configured operators, a session (the public pages have none), CSRF tokens kept in that
 * session, and the same strict headers as every other page but a message's HTML, which
 * the preview page frames. Reading needs VIEWER; every change, a test send too, needs
 * OPERATOR.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

	static final String LOGIN = "/admin/login";

	@Bean
	@Order(1)
	SecurityFilterChain console(HttpSecurity http, AccessProperties properties, TokenBuckets buckets,
			TransactionOperations transactions, KeyedHash hashes, Environment environment) throws Exception {
		BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(
				Operators.from(properties, encoder, LocalProfile.isActive(environment)));
		provider.setPasswordEncoder(encoder);
		LoginLimits limits = new LoginLimits(buckets, transactions, hashes, properties.loginLimits());
		SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler() {

			@Override
			public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
					Authentication authentication) throws ServletException, IOException {
				limits.refund(request.getParameter("username"), request.getRemoteAddr());
				request.getSession().setMaxInactiveInterval((int) properties.sessionTimeout().toSeconds());
				super.onAuthenticationSuccess(request, response, authentication);
			}

		};
		success.setDefaultTargetUrl("/admin/campaigns");
		http.securityMatcher("/admin/**")
			.authenticationManager(new ProviderManager(provider))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(LOGIN)
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/admin/logout")
				.authenticated()
				// The forms themselves are of no use to a viewer.
				.requestMatchers(HttpMethod.GET, "/admin/campaigns/new", "/admin/campaigns/*/edit")
				.hasRole(AccessProperties.Role.OPERATOR.name())
				// Consent records carry addresses, which viewers never see.
				.requestMatchers(HttpMethod.GET, "/admin/consents", "/admin/campaigns/*/consents.csv")
				.hasRole(AccessProperties.Role.OPERATOR.name())
				.requestMatchers(HttpMethod.GET, "/admin/**")
				.hasAnyRole(AccessProperties.Role.VIEWER.name(), AccessProperties.Role.OPERATOR.name())
				.anyRequest()
				.hasRole(AccessProperties.Role.OPERATOR.name()))
			.formLogin((form) -> form.loginPage(LOGIN)
				.successHandler(success)
				.failureHandler((request, response, exception) -> response
					.sendRedirect(request.getContextPath() + LOGIN + "?error")))
			.addFilterBefore(new LoginLimitFilter(limits), UsernamePasswordAuthenticationFilter.class)
			.logout((logout) -> logout.logoutUrl("/admin/logout").logoutSuccessUrl(LOGIN + "?logout"))
			.headers(SecurityHeaders
				.strictExcept(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, PreviewPages.HTML)));
		return http.build();
	}

	/**
	 * Spends an attempt before the password is checked and turns the login away when its
	 * client, or its user name from that client, is out of them, so a correct guess made
	 * over the limit does not get in either and parallel guesses cannot overtake the
	 * count.
	 */
	static class LoginLimitFilter extends OncePerRequestFilter {

		private final LoginLimits limits;

		LoginLimitFilter(LoginLimits limits) {
			this.limits = limits;
		}

		@Override
		protected boolean shouldNotFilter(HttpServletRequest request) {
			return !(HttpMethod.POST.matches(request.getMethod()) && LOGIN.equals(request.getServletPath()));
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (this.limits.tryAttempt(request.getParameter("username"), request.getRemoteAddr())) {
				chain.doFilter(request, response);
				return;
			}
			response.sendRedirect(request.getContextPath() + LOGIN + "?locked");
		}

	}

}
